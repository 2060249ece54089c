package facerec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.testing.Cli;
import facerec.testing.Signals;
import facerec.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What runs leave beside their outputs when they are killed or interrupted: never hidden files
 * of faces that nothing removes, and never a store that another encode's work replaced. Real
 * signals to child JVMs.
 */
class LeftoversTest {
    @TempDir
    static Path dir;
    static Path dataset;
    static Path store;

    /** A store of two people, and a dataset of 60 photos of them: 20 seconds of encoding on one thread. */
    @BeforeAll
    static void dataset() throws IOException {
        dataset = dir.resolve("data");
        Path small = dir.resolve("small");
        for (String person : List.of("obama", "biden")) {
            Path folder = Files.createDirectories(dataset.resolve(person));
            for (int i = 0; i < 30; i++) {
                Files.copy(TestData.image(person + ".jpg"), folder.resolve(person + "-" + i + ".jpg"));
            }
            Files.copy(TestData.image(person + ".jpg"), Files.createDirectories(small.resolve(person)).resolve(person + ".jpg"));
        }
        store = dir.resolve("encodings.json");
        Cli e = Cli.run("encode", "--dataset", small.toString(), "--encodings", store.toString(), "--models",
                TestData.models().dir().toString());
        assertEquals(0, e.exit(), e::toString);
    }

    private static Process child(Path log, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "facerec.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static List<Path> hidden(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    @Test
    void aLaterRunRemovesWhatAKilledRunLeftBesideItsOutputs() throws Exception {
        Path out = Files.createDirectories(dir.resolve("killed"));
        Path video = out.resolve("out.avi");
        Path report = out.resolve("out.json");
        Path clip = TestData.realClips().resolve("cap13_edit2.mp4");
        String[] recognize = {"recognize", "--encodings", store.toString(), "--models", TestData.models().dir().toString(),
                "--input", clip.toString(), "--output", video.toString(), "--report", report.toString(), "--quiet"};
        Process p = child(dir.resolve("killed.log"), recognize);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (hidden(out).size() < 2 && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        Signals.sendAndWait(p, "KILL");
        // SIGKILL leaves the video being written and the report's spool of frames, named for the process.
        List<Path> left = hidden(out);
        assertEquals(2, left.size(), left::toString);
        assertTrue(left.stream().allMatch(f -> f.getFileName().toString().contains("." + p.pid() + "-")), left::toString);

        Cli again = Cli.run(java.util.Arrays.copyOfRange(recognize, 0, recognize.length));
        assertEquals(0, again.exit(), again::toString);
        assertEquals(List.of("facerec: note: removed 2 temporary files that an ended run left beside " + video + ", " + report),
                again.err().lines().toList());
        assertEquals(List.of(), hidden(out));
        assertTrue(Files.isRegularFile(video) && Files.isRegularFile(report));
    }

    @Test
    void ctrlCDuringEncodeLeavesTheStoreAsItWasAndNoTemporary() throws Exception {
        byte[] before = Files.readAllBytes(store);
        Process p = child(dir.resolve("encode-int.log"), "encode", "--dataset", dataset.toString(), "--encodings", store.toString(),
                "--models", TestData.models().dir().toString(), "--threads", "1");
        waitForLock(p);
        Thread.sleep(1000);
        double seconds = Signals.sendAndWait(p, "INT");
        String log = Files.readString(dir.resolve("encode-int.log"));
        assertEquals(1, p.exitValue(), log);
        assertTrue(seconds < 5, "took " + seconds + " s from the signal to the exit");
        List<String> errors = log.lines().filter(l -> l.startsWith("facerec:")).toList();
        assertEquals(1, errors.size(), log);
        assertTrue(errors.get(0).matches("facerec: interrupted after \\d+ of 60 photos: " + java.util.regex.Pattern.quote(
                store.toString()) + " left as it was"), log);
        assertArrayEquals(before, Files.readAllBytes(store));
        assertEquals(List.of(store.getParent().resolve(".encodings.json.lock")), hidden(store.getParent()));
    }

    @Test
    void aSecondEncodeOfTheSameStoreFailsAtOnceInsteadOfReplacingTheFirstsWork() throws Exception {
        Path other = dir.resolve("two/encodings.json");
        Process first = child(dir.resolve("encode-first.log"), "encode", "--dataset", dataset.toString(), "--encodings",
                other.toString(), "--models", TestData.models().dir().toString(), "--threads", "1");
        try {
            waitForLock(first, other);
            Cli second = Cli.run("encode", "--dataset", dataset.toString(), "--encodings", other.toString(), "--models",
                    TestData.models().dir().toString());
            assertEquals(1, second.exit(), second::toString);
            assertEquals(List.of("facerec: " + other + " is being written by another run (process " + first.pid()
                    + "): wait for it to end, as one would replace the other's work"), second.err().lines().toList());
            assertFalse(Files.exists(other));
            assertTrue(first.isAlive());
        } finally {
            Signals.sendAndWait(first, "TERM");
        }
    }

    private static void waitForLock(Process p) throws Exception {
        waitForLock(p, store);
    }

    /** Until the encode holds the store's lock, which it writes its PID into. */
    private static void waitForLock(Process p, Path target) throws Exception {
        Path lock = target.getParent().resolve("." + target.getFileName() + ".lock");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && p.isAlive()
                && !(Files.exists(lock) && Files.readString(lock).strip().equals(Long.toString(p.pid())))) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the encode ended before it could be tested");
    }
}
