package facerec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.face.Models;
import facerec.testing.Cli;
import facerec.testing.Photos;
import facerec.testing.Scenes;
import facerec.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing overwritten: outputs that are inputs are refused, a failed run keeps
 * the files it would have replaced, temporary files are private and unguessable, names print
 * safely. Each case destroyed a file, or printed raw bytes, before.
 */
class SafeOutputsTest {
    @TempDir
    static Path dir;
    static Path store;
    static Path clip;
    static String models;

    @BeforeAll
    static void scene() throws Exception {
        Scenes.Fixture f = Scenes.Fixture.crossing(dir, false);
        store = f.store();
        clip = f.clip();
        models = TestData.models().dir().toString();
    }

    static Cli recognize(String... extra) {
        String[] base = {"recognize", "--encodings", store.toString(), "--models", models, "--quiet"};
        return Cli.run(Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new));
    }

    static Set<String> files(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void anOutputThatIsAnInputOrAnotherOutputIsRefused() throws Exception {
        byte[] video = Files.readAllBytes(clip);
        byte[] encodings = Files.readAllBytes(store);
        Path sameVideo = dir.resolve("sub/../" + clip.getFileName());
        Files.createDirectories(dir.resolve("sub"));
        Path link = dir.resolve("link-to-store.json");
        Files.createSymbolicLink(link, store);
        for (String[] args : List.of(
                new String[] {"--input", clip.toString(), "--report", sameVideo.toString()},
                new String[] {"--input", clip.toString(), "--output", sameVideo.toString()},
                new String[] {"--input", clip.toString(), "--report", link.toString()},
                new String[] {"--input", clip.toString(), "--report", dir.resolve("r.json").toString(),
                        "--output", dir.resolve("r.json").toString()})) {
            Cli r = recognize(args);
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().contains("would be overwritten") || r.err().contains("is also"), r::toString);
        }
        assertArrayEquals(video, Files.readAllBytes(clip));
        assertArrayEquals(encodings, Files.readAllBytes(store));
        assertFalse(Files.exists(dir.resolve("r.json")));
    }

    @Test
    void encodeRefusesToWriteTheStoreOverAPhotoOfTheDataset() throws Exception {
        Path data = dir.resolve("enc-data");
        Path photo = Photos.copy("obama.jpg", data.resolve("obama/obama.jpg"));
        byte[] before = Files.readAllBytes(photo);
        Cli r = Cli.run("encode", "--dataset", data.toString(), "--encodings", photo.toString(), "--models", models);
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("would be overwritten"), r::toString);
        assertArrayEquals(before, Files.readAllBytes(photo));
    }

    @Test
    void batchOutputsNeverReplaceAnInputNorEachOther() throws Exception {
        Path out = dir.resolve("batch-out");
        Path a = Files.createDirectories(dir.resolve("a")).resolve("clip.mp4");
        Path b = Files.createDirectories(dir.resolve("b")).resolve("clip.mp4");
        Files.copy(clip, a);
        Files.copy(clip, b);
        Path c = Files.createDirectories(out).resolve("clip.avi");
        Files.copy(clip, c);
        byte[] input = Files.readAllBytes(c);
        // An input that is where its own output would go.
        Cli refused = recognize("--output-dir", out.toString(), c.toString());
        assertEquals(2, refused.exit(), refused::toString);
        assertArrayEquals(input, Files.readAllBytes(c));

        // Two inputs with one name: two sets of outputs, each named in its line.
        Cli r = recognize("--output-dir", out.toString(), a.toString(), b.toString());
        assertEquals(0, r.exit(), r::toString);
        List<JsonNode> lines = r.out().lines().map(l -> {
            try {
                return new ObjectMapper().readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(2, lines.size(), r::toString);
        assertNotEquals(lines.get(0).get("output").asText(), lines.get(1).get("output").asText());
        assertNotEquals(lines.get(0).get("report").asText(), lines.get(1).get("report").asText());
        for (JsonNode line : lines) {
            assertTrue(Files.size(Path.of(line.get("output").asText())) > 0, line::toString);
            assertEquals(line.get("input").asText(),
                    new ObjectMapper().readTree(Path.of(line.get("report").asText()).toFile()).get("input").asText());
        }
    }

    @Test
    void storesReportsAndTheirTemporaryFilesArePrivate() throws Exception {
        Path out = Files.createDirectories(dir.resolve("private"));
        Cli r = recognize("--input", clip.toString(), "--report", out.resolve("r.json").toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("r.json"))));
        Path data = dir.resolve("private-data");
        Photos.copy("biden.jpg", data.resolve("biden/biden.jpg"));
        Cli e = Cli.run("encode", "--dataset", data.toString(), "--encodings", out.resolve("s.json").toString(),
                "--models", models);
        assertEquals(0, e.exit(), e::toString);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("s.json"))));
        // The store's lock stays, empty but for the PID of the last encode: removing it would let
        // a third encode in while a second waits on the removed file.
        assertEquals(Set.of("r.json", "s.json", ".s.json.lock"), files(out), "no temporary file is left");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(".s.json.lock"))));
    }

    @Test
    void aLinkPlantedAtTheOldTemporaryNameIsNeverFollowed() throws Exception {
        Path out = Files.createDirectories(dir.resolve("planted"));
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "not yours");
        // The names the temporary files had: fixed, so anyone could plant a link there.
        Files.createSymbolicLink(out.resolve(".o.avi.partial.avi"), victim);
        Files.createSymbolicLink(out.resolve(".o.json.tmp"), victim);
        Cli r = recognize("--input", clip.toString(), "--output", out.resolve("o.avi").toString(),
                "--report", out.resolve("o.json").toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("not yours", Files.readString(victim));
        assertEquals(Set.of("o.avi", "o.json", ".o.avi.partial.avi", ".o.json.tmp"), files(out));
    }

    @Test
    void aTruncatedModelFailsBeforeAnyOutputIsTouched() throws Exception {
        Path out = Files.createDirectories(dir.resolve("kept"));
        Files.writeString(out.resolve("o.avi"), "the previous video");
        Files.writeString(out.resolve("o.json"), "the previous report");
        Path broken = Files.createDirectories(dir.resolve("truncated-models"));
        Path good = TestData.models().dir();
        for (String m : List.of(Models.ENCODER, Models.LANDMARKS_68, Models.CNN_DETECTOR)) {
            Files.createSymbolicLink(broken.resolve(m), good.resolve(m).toAbsolutePath());
        }
        byte[] predictor = Files.readAllBytes(good.resolve(Models.LANDMARKS_5));
        Files.write(broken.resolve(Models.LANDMARKS_5), java.util.Arrays.copyOf(predictor, predictor.length / 2));
        Cli r = Cli.run("recognize", "--encodings", store.toString(), "--models", broken.toString(), "--quiet",
                "--input", clip.toString(), "--output", out.resolve("o.avi").toString(),
                "--report", out.resolve("o.json").toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains(Models.LANDMARKS_5), r::toString);
        assertEquals("the previous video", Files.readString(out.resolve("o.avi")));
        assertEquals("the previous report", Files.readString(out.resolve("o.json")));
        assertEquals(Set.of("o.avi", "o.json"), files(out));
    }

    @Test
    void aVideoThatCannotBeFinishedKeepsThePreviousFileAndTheReportIsStillWritten() throws Exception {
        // AVI reports the failed write; MP4 did not, and left a file without its index.
        for (String ext : List.of("avi", "mp4")) {
            Path out = Files.createDirectories(dir.resolve("too-large-" + ext));
            Path video = out.resolve("o." + ext);
            Files.writeString(video, "the previous video");
            // A child JVM whose files may not grow past 100 KB: the video's writes fail part way
            // (EFBIG, as a full disk's fail with ENOSPC); the report is small enough to be written.
            String jvm = ProcessHandle.current().info().command().orElse("java");
            String command = "ulimit -f 100 && exec \"$0\" -cp \"$1\" facerec.cli.Main recognize --quiet --encodings \"$2\""
                    + " --models \"$3\" --input \"$4\" --output \"$5\" --report \"$6\"";
            Path log = dir.resolve("too-large-" + ext + ".log");
            Process p = new ProcessBuilder("bash", "-c", command, jvm, System.getProperty("java.class.path"),
                    store.toString(), models, clip.toString(), video.toString(), out.resolve("o.json").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
            String err = Files.readString(log);
            assertEquals(1, p.exitValue(), err);
            assertTrue(err.startsWith("facerec: cannot ") && err.contains(video.toString()), err);
            assertEquals(1, err.lines().count(), err);
            assertEquals("the previous video", Files.readString(video));
            JsonNode report = new ObjectMapper().readTree(out.resolve("o.json").toFile());
            assertEquals(100, report.get("frameCount").asInt(), err);
            assertEquals(Set.of("o." + ext, "o.json"), files(out), "no temporary file is left");
        }
    }

    @Test
    void twoRunsWritingOneOutputAtOnceLeaveOneWholeFile() throws Exception {
        Path out = Files.createDirectories(dir.resolve("together"));
        String video = out.resolve("o.avi").toString();
        Thread other = new Thread(() -> recognize("--input", clip.toString(), "--output", video, "--threads", "1"));
        other.start();
        Cli r = recognize("--input", clip.toString(), "--output", video, "--threads", "1");
        other.join();
        assertEquals(0, r.exit(), r::toString);
        Cli alone = recognize("--input", clip.toString(), "--output", out.resolve("alone.avi").toString());
        assertEquals(0, alone.exit(), alone::toString);
        assertArrayEquals(Files.readAllBytes(out.resolve("alone.avi")), Files.readAllBytes(out.resolve("o.avi")));
        assertEquals(Set.of("o.avi", "alone.avi"), files(out));
    }

    @Test
    void namesFromFoldersPrintWithoutTerminalCodes() throws Exception {
        Path data = dir.resolve("esc-data");
        Photos.copy("biden.jpg", data.resolve("joe\u001b[2J\nfake line/biden.jpg"));
        Path s = dir.resolve("esc.json");
        Cli r = Cli.run("encode", "--dataset", data.toString(), "--encodings", s.toString(), "--models", models);
        assertEquals(0, r.exit(), r::toString);
        assertFalse(r.out().contains("\u001b"), r::toString);
        assertTrue(r.out().contains("joe\\x1b[2J\\nfake line: 1 face"), r::toString);
        assertFalse(r.out().lines().anyMatch(l -> l.startsWith("fake line")), r::toString);
    }
}
