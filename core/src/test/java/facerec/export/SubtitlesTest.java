package facerec.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubtitlesTest {
    static final List<Cues.Cue> CUES = List.of(new Cues.Cue(0, 3480.4, "ann"),
            new Cues.Cue(3_723_004, 3_723_004.2, "<i>R&D</i> -->\nx"));

    @Test
    void webVttEscapesMarkupAndKeepsACueOnOneLine() {
        assertEquals("WEBVTT\n\n00:00:00.000 --> 00:00:03.480\nann\n\n"
                + "01:02:03.004 --> 01:02:03.005\n&lt;i&gt;R&amp;D&lt;/i&gt; --&gt; x\n\n",
                Subtitles.text(Subtitles.Format.VTT, CUES));
    }

    @Test
    void subRipNumbersItsCuesTakesACommaAndShowsNoNameAsMarkup() {
        assertEquals("1\n00:00:00,000 --> 00:00:03,480\nann\n\n2\n01:02:03,004 --> 01:02:03,005\n\u2039i\u203aR&D\u2039/i\u203a --\u203a x\n\n",
                Subtitles.text(Subtitles.Format.SRT, CUES));
    }

    @Test
    void theExtensionNamesTheFormat() {
        assertEquals(Subtitles.Format.VTT, Subtitles.Format.of(Path.of("out/Talk.VTT")));
        assertEquals(Subtitles.Format.SRT, Subtitles.Format.of(Path.of("a.srt")));
        assertNull(Subtitles.Format.of(Path.of("a.txt")));
        assertNull(Subtitles.Format.of(Path.of("vtt")));
        assertEquals("100:00:00.000", Subtitles.time(360_000_000, '.'));
    }
}
