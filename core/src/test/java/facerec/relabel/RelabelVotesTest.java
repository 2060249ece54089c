package facerec.relabel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.FacerecException;
import facerec.face.Box;
import facerec.face.Models;
import facerec.recognize.TrackRecord;
import facerec.report.FaceRecord;
import facerec.report.ReportReader;
import facerec.report.ReportWriter;
import facerec.store.EncodingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relabel's decisions, on a hand-made report and store: a track takes the vote of the
 * embeddings that had voted when its run showed it, not of all of them; per-frame naming names
 * each detected face by its own; the files beside the report follow, unless the run masked faces.
 */
class RelabelVotesTest {
    @TempDir
    Path dir;

    static final Box BOX = new Box(10, 60, 60, 10);

    /** A unit vector along axis {@code axis}, moved by 0.1 along axis 100 (so 0.1 from the pure one). */
    static float[] near(int axis) {
        float[] e = new float[128];
        e[axis] = 1;
        e[100] = 0.1f;
        return e;
    }

    static double[] pure(int axis) {
        double[] e = new double[128];
        e[axis] = 1;
        return e;
    }

    Path store() {
        Path store = dir.resolve("store.json");
        new EncodingStore(new EncodingStore.ModelInfo(Models.ENCODER_NAME, "sha", "hog", 1, 5, 1),
                List.of(new EncodingStore.StoredFace("anna", "anna/1.jpg", BOX, pure(0)),
                        new EncodingStore.StoredFace("bert", "bert/1.jpg", BOX, pure(1))),
                List.of()).write(store);
        return store;
    }

    /** Track 0: anna, a tracked frame, then bert twice, shown after its first embedding; track 1 nobody. */
    Path report(String name, boolean perFrame, boolean redacted) {
        Path report = dir.resolve(name + ".json");
        ReportWriter w = new ReportWriter(report, "in.mp4", 25, 640, 360,
                new ReportWriter.Naming(Models.ENCODER_NAME, "sha", 0.6, 2, perFrame, redacted));
        float[][] track0 = {near(0), null, near(1), near(1)};
        for (int i = 0; i < 4; i++) {
            w.frame(i, i * 40.0, List.of(new FaceRecord("Unknown", 0.9, 0, BOX, 0, track0[i]),
                    new FaceRecord("Unknown", 0.9, 0, new Box(100, 160, 160, 100), 1, near(2))));
        }
        w.finish(true, List.of(), Map.of("tracks", List.of(
                new TrackRecord(0, "Unknown", 0, 3, 0.0, 120.0, 3, 3, 0.9, perFrame ? null : 1),
                new TrackRecord(1, "Unknown", 0, 3, 0.0, 120.0, 4, 4, 0.9, perFrame ? null : 4))));
        return report;
    }

    static List<String> names(Path report) throws IOException {
        List<String> names = new ArrayList<>();
        try (ReportReader r = ReportReader.open(report)) {
            for (ReportWriter.FrameRecord f; (f = r.next()) != null; ) {
                names.add(String.join(",", f.faces().stream().map(x -> x.name() + " " + x.distance() + " " + x.votes()).toList()));
            }
        }
        return names;
    }

    @Test
    void aTrackTakesTheVoteOfTheEmbeddingsThatSettledItsName() throws IOException {
        Path report = report("r", false, false);
        Files.writeString(dir.resolve("r.vtt"), "WEBVTT\n");
        Files.writeString(dir.resolve("r.html"), "<p>the run's page</p>");
        Relabel.Outcome o = new Relabel(store()).relabel(report);
        // anna's one vote settled the track; bert's two came after it was shown.
        assertEquals(List.of("anna 0.1 1,Unknown 1.4177 0", "anna 0.1 1,Unknown 1.4177 0", "anna 0.1 1,Unknown 1.4177 0",
                "anna 0.1 1,Unknown 1.4177 0"), names(report));
        assertEquals(List.of("anna", "Unknown"), o.tracks().stream().map(TrackRecord::name).toList());
        assertEquals(1, o.tracks().get(0).votes());
        assertEquals(1, o.renamed());
        assertEquals("anna", o.people().get(0).name());
        assertEquals(4, o.people().get(0).frames());
        assertEquals(List.of(report, dir.resolve("r.vtt")), o.rewritten());
        assertTrue(Files.readString(dir.resolve("r.vtt")).contains("\nanna, Unknown\n"), () -> dir.resolve("r.vtt").toString());
        assertEquals(List.of(dir.resolve("r.html") + " is left as it was: its pictures come from the video"
                + " (run recognize --html again)"), o.notes());
    }

    @Test
    void perFrameNamingNamesEachDetectedFaceByItsOwn() throws IOException {
        Path report = report("p", true, false);
        new Relabel(store()).relabel(report);
        // The tracked frame shows the track's vote over all its embeddings: bert, two to one.
        assertEquals(List.of("anna 0.1 1,Unknown 1.4177 0", "bert 0.1 1,Unknown 1.4177 0", "bert 0.1 1,Unknown 1.4177 0",
                "bert 0.1 1,Unknown 1.4177 0"), names(report));
    }

    @Test
    void theSubtitlesOfAMaskedVideoAreLeftAsTheyWere() throws IOException {
        Path report = report("m", false, true);
        Path vtt = Files.writeString(dir.resolve("m.vtt"), "WEBVTT\n");
        Relabel.Outcome o = new Relabel(store()).relabel(report);
        assertEquals("WEBVTT\n", Files.readString(vtt));
        assertEquals(List.of(report), o.rewritten());
        assertTrue(o.notes().get(0).startsWith(vtt + " is left as it was: the run masked faces"), o.notes()::toString);
    }

    @Test
    void aTrackThatClaimsNoVotesKeepsItsName() throws IOException {
        Path report = dir.resolve("none.json");
        ReportWriter w = new ReportWriter(report, "in.mp4", 25, 640, 360,
                new ReportWriter.Naming(Models.ENCODER_NAME, "sha", 0.6, 2, false, false));
        w.frame(0, 0, List.of(new FaceRecord("Unknown", 0.9, 0, BOX, 0, near(0))));
        w.finish(true, List.of(), Map.of("tracks", List.of(new TrackRecord(0, "Unknown", 0, 0, 0.0, 0.0, 1, 1, 0.9, 0))));
        Relabel.Outcome o = new Relabel(store()).relabel(report);
        assertEquals(0, o.renamed());
        assertEquals(List.of("Unknown 0.9 0"), names(report));
    }

    @Test
    void anEmbeddingThatIsNoFaceIsRefused() throws IOException {
        Path report = dir.resolve("bad.json");
        ReportWriter w = new ReportWriter(report, "in.mp4", 25, 640, 360,
                new ReportWriter.Naming(Models.ENCODER_NAME, "sha", 0.6, 2, false, false));
        w.frame(0, 0, List.of(new FaceRecord("Unknown", 0.9, 0, BOX, 0, new float[128])));
        w.finish(true, List.of(), Map.of("tracks", List.of(new TrackRecord(0, "Unknown", 0, 0, 0.0, 0.0, 1, 1, 0.9, 1))));
        String before = Files.readString(report);
        FacerecException e = assertThrows(FacerecException.class, () -> new Relabel(store()).relabel(report));
        assertEquals(report + ": frame 0 has an embedding of 128 numbers and length 0.0, not a face's (128 numbers,"
                + " length 0.1 to 10)", e.getMessage());
        assertEquals(before, Files.readString(report));
    }
}
