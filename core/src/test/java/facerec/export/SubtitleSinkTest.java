package facerec.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import facerec.face.Box;
import facerec.report.FaceRecord;
import facerec.video.VideoReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubtitleSinkTest {
    @TempDir
    Path dir;

    @Test
    void aFaceThatTheRedactionMasksIsNotNamedInWords() throws Exception {
        Path file = dir.resolve("run.srt");
        SubtitleSink sink = new SubtitleSink(file, Subtitles.Format.SRT, "ann"::equals);
        sink.start(400, 300, 25);
        Box box = new Box(10, 50, 50, 10);
        for (int i = 0; i < 3; i++) {
            sink.accept(i, new VideoReader.Picture(null, i * 40.0),
                    List.of(new FaceRecord("bob", 0.3, 2, box), new FaceRecord("ann", 0.3, 2, box)));
        }
        sink.finish(null);
        assertEquals("1\n00:00:00,000 --> 00:00:00,120\nann, Unknown\n\n", Files.readString(file));
    }
}
