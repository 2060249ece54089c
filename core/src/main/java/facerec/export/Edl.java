package facerec.export;

import facerec.files.AtomicFiles;
import facerec.store.Matcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The appearances as a CMX 3600 EDL, for editors (DaVinci Resolve, Premiere, and
 * OpenTimelineIO's {@code cmx_3600} adapter read its locators as markers). CMX 3600 has one
 * video track, where appearances overlap, so the EDL is one event, the whole input, and each
 * appearance is a locator on it at its first frame ({@code * LOC: 00:00:03:12 GREEN name,
 * track 1, 101 frames}): green for a person, red for a face nobody was named for.
 *
 * <p>Timecode counts frames at the rate rounded to a whole number, non-drop-frame, so that a
 * marker lands on its frame at any rate: at 29.97 frames a second the timecode runs 0.1% behind
 * the clock, as every NDF timecode at that rate does.
 */
public final class Edl {
    private Edl() {}

    /** Writes the file whole, or leaves what was there. */
    public static void write(Path file, String title, String source, double fps, int frames, List<Appearance> rows) {
        byte[] bytes = text(title, source, fps, frames, rows).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** The timecode rate: the frame rate rounded, at least 1. */
    public static int rate(double fps) {
        return Math.max(1, (int) Math.round(fps));
    }

    static String text(String title, String source, double fps, int frames, List<Appearance> rows) {
        int rate = rate(fps);
        StringBuilder b = new StringBuilder("TITLE: ").append(line(title)).append("\nFCM: NON-DROP FRAME\n\n");
        String in = timecode(0, rate), out = timecode(Math.max(1, frames), rate);
        b.append(String.format(Locale.ROOT, "001  AX       V     C        %s %s %s %s\n", in, out, in, out));
        b.append("* FROM CLIP NAME: ").append(line(source)).append('\n');
        for (Appearance a : rows.stream().sorted(Comparator.comparingInt(Appearance::firstFrame)
                .thenComparingInt(Appearance::track)).toList()) {
            String color = Matcher.UNKNOWN.equals(a.person()) ? "RED" : "GREEN";
            b.append(String.format(Locale.ROOT, "* LOC: %s %-7s %s, track %d, %d frames\n", timecode(a.firstFrame(), rate),
                    color, line(a.person()), a.track(), a.frames()));
        }
        return b.toString();
    }

    /** {@code HH:MM:SS:FF} of a frame's index. */
    static String timecode(int frame, int rate) {
        int seconds = frame / rate;
        return String.format(Locale.ROOT, "%02d:%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60,
                frame % rate);
    }

    /**
     * Text for one line of a file that readers split by lines (an EDL, a cue): a line break or
     * another control character in a name would start a line of its own, so it becomes a space.
     */
    static String line(String text) {
        return text.replaceAll("[\\r\\n\\u0000-\\u001f\\u2028\\u2029]", " ");
    }
}
