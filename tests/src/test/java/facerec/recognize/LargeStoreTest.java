package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.encode.DatasetEncoder;
import facerec.face.FaceSettings;
import facerec.store.EncodingStore;
import facerec.store.Gallery;
import facerec.store.Matcher;
import facerec.synth.EditedClip;
import facerec.synth.RealClips;
import facerec.synth.CrowdStore;
import facerec.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores beyond the full comparison ({@link Gallery#SCAN_LIMIT}): the real people of RealClips
 * in a crowd of made-up ones ({@link CrowdStore}: real faces under random signed permutations).
 */
class LargeStoreTest {
    @TempDir
    static Path dir;
    static EncodingStore real;
    static Path crowd;
    static List<CrowdStore.Query> queries;
    static Path clip;

    @BeforeAll
    static void enrol() throws Exception {
        Path data = dir.resolve("data");
        RealClips.enrol(TestData.realClips(), data);
        real = new DatasetEncoder(TestData.models(), FaceSettings.DEFAULT, DatasetEncoder.MultiFace.LARGEST, 2)
                .encode(data).store();
        crowd = dir.resolve("crowd.json");
        queries = CrowdStore.make(real, crowd, 30_000, 1);
        clip = dir.resolve("clip.avi");
        EditedClip.render(AnyInputTest.TWO_SECONDS, TestData.realClips(), clip, 400, 300, 25);
    }

    @Test
    void codedMatchingNamesAsTheFullComparisonDoes() {
        Gallery coded = Gallery.load(crowd, 0.6);
        Gallery all = Gallery.load(crowd, 0.6, Integer.MAX_VALUE);
        assertEquals(30_000, coded.faces());
        int same = 0;
        int codedRight = 0;
        int allRight = 0;
        for (CrowdStore.Query q : queries) {
            Matcher.Match c = coded.matcher().match(q.embedding());
            Matcher.Match a = all.matcher().match(q.embedding());
            same += c.name().equals(a.name()) ? 1 : 0;
            codedRight += c.name().equals(q.name()) ? 1 : 0;
            allRight += a.name().equals(q.name()) ? 1 : 0;
            if (c.name().equals(a.name()) && c.votes() == a.votes()) {
                assertEquals(a.distance(), c.distance(), 1e-5, "distances are measured exactly, in floats");
            }
        }
        String counts = same + " of " + queries.size() + " named alike; right: coded " + codedRight + ", all " + allRight;
        assertTrue(same >= 0.95 * queries.size(), counts);
        assertTrue(codedRight >= allRight - queries.size() / 100, counts);
    }

    @Test
    void theRealManIsNamedInACrowdOfThirtyThousand() throws Exception {
        JsonNode report = TrackingTest.recognize(clip, crowd, dir.resolve("crowd-report.json"));
        assertTrue(named(report) >= 45, named(report) + " of 50 frames");
    }

    private static long named(JsonNode report) {
        long n = 0;
        for (JsonNode f : report.get("frames")) {
            n += f.get("faces").findValuesAsText("name").stream().filter("webcam"::equals).count();
        }
        return n;
    }

    @Test
    void aStoreOf150000FacesLoadsUnderTheToolsSmallHeap() throws Exception {
        // Its records filled the 256 MB heap: "OutOfMemoryError: Java heap space" from 140,000 faces.
        Path big = dir.resolve("big.json");
        CrowdStore.make(real, big, 150_000, 2);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path report = dir.resolve("big-report.json");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), "facerec.cli.Main", "recognize",
                "--quiet", "--encodings", big.toString(), "--models", TestData.models().dir().toString(), "--input",
                clip.toString(), "--report", report.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("big.log").toFile()).start();
        boolean ended = p.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "still running after 180 s");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("big.log")));
        assertTrue(named(new ObjectMapper().readTree(report.toFile())) >= 45);
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "the embeddings' file is gone with the run");
        }
    }
}
