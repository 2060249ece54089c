package facerec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.face.Box;
import facerec.report.ReportWriter.FrameRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report read back frame by frame is what the writer was given, and nothing else passes for one. */
class ReportReaderTest {
    static final ReportWriter.Naming NAMING = new ReportWriter.Naming("dlib_face_recognition_resnet_model_v1", "55533b28",
            0.6, 2, false, false);

    @TempDir
    Path dir;

    @Test
    void readsBackEveryFrameAsWritten() throws IOException {
        List<FrameRecord> written = List.of(
                new FrameRecord(0, 0.0, List.of()),
                new FrameRecord(1, 40.04, List.of(new FaceRecord("obama", 0.3812345678901, 3, new Box(10, 90, 95, 12), 1,
                                new float[] {-0.0914123f, 0.13251f, 1.0e-7f, -3.4028235e38f}),
                        new FaceRecord("Unknown", 0.71, 0, new Box(5, 300, 80, 220), 2))),
                new FrameRecord(2, 80.08, List.of(new FaceRecord("biden", 0.45, 2, new Box(11, 91, 96, 13)))));
        Path report = dir.resolve("r.json");
        try (ReportWriter w = new ReportWriter(report, "in.mp4", 24.975, 640, 360, NAMING)) {
            written.forEach(f -> w.frame(f.index(), f.timeMs(), f.faces()));
            w.finish(false, List.of(), Map.of("tracks", List.of()));
        }
        List<FrameRecord> read = new ArrayList<>();
        try (ReportReader r = ReportReader.open(report)) {
            assertEquals(new ReportReader.Header(ReportWriter.VERSION, "in.mp4", 24.975, 640, 360, 3, false, NAMING), r.header());
            for (FrameRecord f; (f = r.next()) != null; ) {
                read.add(f);
            }
            assertNull(r.next());
        }
        assertEquals(written, read);
    }

    @Test
    void refusesWhatIsNotAReport() throws IOException {
        Path store = Files.writeString(dir.resolve("store.json"), "{\"format\": \"facerec-encodings\", \"frames\": []}");
        assertTrue(assertThrows(IOException.class, () -> ReportReader.open(store)).getMessage().endsWith("not a facerec report"));
        Path list = Files.writeString(dir.resolve("list.json"), "[1, 2]");
        assertThrows(IOException.class, () -> ReportReader.open(list));
        Path future = Files.writeString(dir.resolve("future.json"),
                "{\"format\": \"facerec-report\", \"version\": 3, \"frames\": []}");
        assertTrue(assertThrows(IOException.class, () -> ReportReader.open(future)).getMessage()
                .endsWith("a facerec report of version 3, which this facerec does not know (it reads 1 to 2)"));
        Path cut = Files.writeString(dir.resolve("cut.json"), "{\"format\": \"facerec-report\", \"fps\": 25");
        assertThrows(IOException.class, () -> ReportReader.open(cut));
    }
}
