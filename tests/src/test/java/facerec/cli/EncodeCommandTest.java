package facerec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.face.Box;
import facerec.face.FaceAnalyzer;
import facerec.face.Models;
import facerec.store.EncodingStore;
import facerec.store.EncodingStore.StoredFace;
import facerec.testing.Cli;
import facerec.testing.Photos;
import facerec.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facerec encode} end to end: real photos, real models, the store on disk. */
@Tag("blas")
class EncodeCommandTest {
    @TempDir
    static Path dir;
    static Path dataset;
    static Path models;

    /** obama/ (one photo in a sub-folder, one with an upper-case extension), biden/, and noise. */
    @BeforeAll
    static void dataset() throws IOException {
        dataset = dir.resolve("data");
        Photos.copy("obama.jpg", dataset.resolve("obama/obama.jpg"));
        Photos.copy("obama2.jpg", dataset.resolve("obama/2009/Obama2.JPG"));
        Photos.copy("obama3.jpg", dataset.resolve("obama/.hidden.jpg"));
        Photos.copy("obama3.jpg", dataset.resolve(".trash/obama3.jpg"));
        Photos.copy("biden.jpg", dataset.resolve("biden/biden.jpg"));
        Photos.noFace(dataset.resolve("biden/landscape.png"));
        Files.writeString(dataset.resolve("biden/notes.txt"), "not an image");
        Files.write(dataset.resolve("obama/corrupt.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3, 4});
        models = TestData.models().dir();
    }

    private static EncodingStore encode(String name, String... extra) {
        Path out = dir.resolve(name);
        String[] args = {"encode", "--dataset", dataset.toString(), "--encodings", out.toString(),
                "--models", models.toString(), "--threads", "2"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        Cli r = Cli.run(all);
        assertEquals(0, r.exit(), r::toString);
        return EncodingStore.read(out);
    }

    @Test
    void writesTheStoreWithNamesBoxesAndSkippedPhotos() {
        EncodingStore store = encode("default.json");
        assertEquals("facerec-encodings", store.format());
        assertEquals(1, store.version());
        assertEquals("hog", store.model().detector());
        assertEquals(Models.sha256(models.resolve(Models.ENCODER)), store.model().encoderSha256());
        assertEquals(List.of("biden/biden.jpg", "obama/2009/Obama2.JPG", "obama/obama.jpg"),
                store.faces().stream().map(StoredFace::image).toList());
        assertEquals(List.of("biden", "obama", "obama"), store.faces().stream().map(StoredFace::name).toList());
        assertEquals(new Box(142, 617, 409, 349), store.faces().get(2).box());
        assertEquals(List.of(new EncodingStore.Skipped("biden/landscape.png", "no face found"),
                new EncodingStore.Skipped("obama/corrupt.jpg", "cannot decode image")), store.skipped());
        StoredFace biden = store.faces().get(0);
        StoredFace obama2 = store.faces().get(1);
        StoredFace obama = store.faces().get(2);
        assertTrue(FaceAnalyzer.distance(obama.embedding(), obama2.embedding()) < 0.6);
        assertTrue(FaceAnalyzer.distance(obama.embedding(), biden.embedding()) > 0.6);
    }

    @Test
    void centerfaceEnrolsTheSamePeopleAsHog() {
        EncodingStore store = encode("centerface.json", "--detection-method", "centerface");
        assertEquals("centerface", store.model().detector());
        assertEquals(0, store.model().upsample(), "centerface's default");
        EncodingStore hog = encode("default.json");
        assertEquals(hog.faces().stream().map(StoredFace::image).toList(), store.faces().stream().map(StoredFace::image).toList());
        for (int i = 0; i < hog.faces().size(); i++) {
            StoredFace h = hog.faces().get(i), c = store.faces().get(i);
            assertTrue(h.box().iou(c.box()) > 0.6, h.box() + " " + c.box());
            assertTrue(FaceAnalyzer.distance(h.embedding(), c.embedding()) < 0.15, c.image());
        }
    }

    /**
     * OpenBLAS 0.3.21 runs a kernel that OPENBLAS_CORETYPE names whether or not the CPU has its
     * instructions, and the JVM then dies of SIGILL. Bulldozer's kernels need FMA4, which no
     * Intel CPU and no Zen has: the run ends with one line, and nothing is written.
     */
    @Test
    void aKernelThatThisCpuCannotRunIsRefusedInOneLine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.readString(Path.of("/proc/cpuinfo")).contains(" fma4"));
        Path out = dir.resolve("bulldozer.json");
        ProcessBuilder b = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "facerec.cli.Main", "encode", "--dataset", dataset.toString(),
                "--encodings", out.toString(), "--models", models.toString())
                .redirectOutput(dir.resolve("bulldozer.out").toFile()).redirectError(dir.resolve("bulldozer.err").toFile());
        b.environment().put("OPENBLAS_CORETYPE", "Bulldozer");
        Process p = b.start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("bulldozer.err"));
        assertEquals(1, p.exitValue(), err);
        assertEquals("facerec: OPENBLAS_CORETYPE=Bulldozer names kernels that need AVX and FMA4, which this CPU"
                + " does not have; unset it, or name an older kernel\n", err);
        assertFalse(Files.exists(out));
    }

    @Test
    void summaryNamesPeopleAndSkippedPhotos() {
        Path out = dir.resolve("summary.json");
        Cli r = Cli.run("encode", "--dataset", dataset.toString(), "--encodings", out.toString(), "--models",
                models.toString(), "--threads", "1");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("obama: 2 faces"), r::toString);
        assertTrue(r.out().contains("biden: 1 face"), r::toString);
        assertTrue(r.out().contains("skipped biden/landscape.png: no face found"), r::toString);
        assertTrue(r.out().contains("3 faces of 2 people from 5 photos (2 skipped)"), r::toString);
    }

    @Test
    void multiFacePolicies() throws IOException {
        Path group = dir.resolve("group");
        Photos.sideBySide("obama.jpg", "biden.jpg", 0.5, group.resolve("obama/with-biden.jpg"));
        Path out = dir.resolve("g.json");
        String[] base = {"encode", "--dataset", group.toString(), "--encodings", out.toString(), "--models", models.toString()};

        Cli largest = Cli.run(concat(base));
        assertEquals(0, largest.exit(), largest::toString);
        EncodingStore s = EncodingStore.read(out);
        assertEquals(1, s.faces().size());
        assertEquals(new Box(142, 617, 409, 349), s.faces().get(0).box(), "the larger face is Obama's");
        assertTrue(largest.out().contains("obama/with-biden.jpg: 2 faces found, kept the largest"), largest::toString);

        assertEquals(0, Cli.run(concat(base, "--multi-face", "all")).exit());
        assertEquals(2, EncodingStore.read(out).faces().size());

        // Skipping the only photo leaves no face: that is a failure, and the store of the run before stays.
        Cli skip = Cli.run(concat(base, "--multi-face", "skip"));
        assertEquals(1, skip.exit(), skip::toString);
        assertTrue(skip.out().contains("with-biden.jpg: 2 faces found (--multi-face skip)"), skip::toString);
        assertTrue(skip.err().contains("no face found in " + group) && skip.err().contains(out + " left as it was"),
                skip::toString);
        assertEquals(2, EncodingStore.read(out).faces().size());
    }

    @Test
    void aPersonFolderThatIsALinkIsEnrolledAndALinkLoopEndsTheWalk() throws IOException {
        Path elsewhere = dir.resolve("elsewhere/joe");
        Photos.copy("biden.jpg", elsewhere.resolve("biden.jpg"));
        Path linked = Files.createDirectories(dir.resolve("linked"));
        Files.createSymbolicLink(linked.resolve("joe"), elsewhere);
        Files.createSymbolicLink(elsewhere.resolve("loop"), elsewhere);
        Cli r = Cli.run("encode", "--dataset", linked.toString(), "--encodings", dir.resolve("linked.json").toString(),
                "--models", models.toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("joe: 1 face"), r::toString);
        assertEquals("joe/biden.jpg", EncodingStore.read(dir.resolve("linked.json")).faces().get(0).image());
    }

    @Test
    void missingDatasetIsAUsageError() {
        Cli r = Cli.run("encode", "--dataset", dir.resolve("nope").toString(), "--encodings", dir.resolve("x.json").toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("--dataset") && r.err().contains("nope"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
    }

    @Test
    void emptyDatasetIsAClearError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty/obama"));
        Cli r = Cli.run("encode", "--dataset", empty.getParent().toString(), "--encodings", dir.resolve("e.json").toString(),
                "--models", models.toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().startsWith("facerec: dataset folder") && r.err().contains("has no photos"), r::toString);
        assertFalse(Files.exists(dir.resolve("e.json")));
    }

    @Test
    void reservedNamesAreRefusedWithHowToRename() throws IOException {
        for (String name : new String[] {"Unknown", "unknown-001"}) {
            Path data = dir.resolve("reserved-" + name);
            Photos.copy("biden.jpg", data.resolve("biden/biden.jpg"));
            Photos.copy("obama.jpg", data.resolve(name + "/obama.jpg"));
            Path out = dir.resolve("reserved-" + name + ".json");
            Cli r = Cli.run("encode", "--dataset", data.toString(), "--encodings", out.toString(), "--models", models.toString());
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.err().strip().matches("facerec: \\Q" + data.resolve(name) + ": the person's name is " + name
                    + ", \\E.*; rename the folder to the person's own name"), r::toString);
            assertEquals(1, r.err().strip().lines().count(), r::toString);
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        String[] base = {"encode", "--dataset", dataset.toString(), "--encodings", dir.resolve("b.json").toString()};
        // The bounds are FaceSettings', named as the options that broke them.
        for (String[] bad : new String[][] {{"--landmarks", "7", "--landmarks must be 5 or 68, not 7"},
                {"--upsample", "9", "--upsample must be 0 to 8, not 9"}, {"--jitters", "0", "--jitters must be at least 1, not 0"}}) {
            Cli r = Cli.run(concat(base, bad[0], bad[1]));
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().lines().findFirst().orElse("").contains(bad[2]), r::toString);
        }
        assertEquals(2, Cli.run(concat(base, "--detection-method", "sift")).exit());
        assertEquals(2, Cli.run(concat(base, "--bogus")).exit());
        assertEquals(2, Cli.run("encode", "--dataset", dataset.toString()).exit(), "--encodings is required");
    }

    @Test
    void truncatedModelFailsNamingTheFileAndKeepsTheOldStore() throws IOException {
        Path broken = Files.createDirectories(dir.resolve("broken-models"));
        for (String m : List.of(Models.LANDMARKS_5, Models.LANDMARKS_68, Models.CNN_DETECTOR)) {
            Files.createSymbolicLink(broken.resolve(m), models.resolve(m).toAbsolutePath());
        }
        byte[] encoder = Files.readAllBytes(models.resolve(Models.ENCODER));
        Files.write(broken.resolve(Models.ENCODER), java.util.Arrays.copyOf(encoder, encoder.length / 3));
        Path out = dir.resolve("kept.json");
        Files.writeString(out, "previous content");
        Cli r = Cli.run("encode", "--dataset", dataset.toString(), "--encodings", out.toString(), "--models", broken.toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains(broken.resolve(Models.ENCODER).toString()), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertEquals("previous content", Files.readString(out));
    }

    @Test
    void missingModelNamesTheFile() {
        Cli r = Cli.run("encode", "--dataset", dataset.toString(), "--encodings", dir.resolve("m.json").toString(),
                "--models", dir.resolve("no-models").toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains(Models.ENCODER) && r.err().contains("fetch-models.sh"), r::toString);
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }
}
