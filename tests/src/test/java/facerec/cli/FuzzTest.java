package facerec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.store.EncodingStore;
import facerec.synth.EditedClip;
import facerec.testing.Cli;
import facerec.testing.Photos;
import facerec.testing.Scenes;
import facerec.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged inputs, made by seeded mutations of real ones: an MP4, an MKV and an AVI of the webcam
 * recording, the start of its WebM, a JPEG and a PNG. Each run must end, by itself and within a
 * time limit, with exit code 0 or 1 and at most one line on stderr, never a stack trace. A
 * native crash ends this JVM, and with it the test.
 */
class FuzzTest {
    /** Mutations per run of the suite: about 2 s each. The seeds are fixed, so a failure repeats. */
    static final int CASES = 60;

    @TempDir
    static Path dir;
    static Path store;
    static List<Path> seeds = new ArrayList<>();

    @BeforeAll
    static void seeds() throws Exception {
        store = Scenes.enrol(dir);
        List<EditedClip.Segment> second = List.of(
                new EditedClip.Segment("webcam", "cap13_edit2.mp4", 0, 25, EditedClip.Entry.CUT));
        for (String ext : List.of("mp4", "mkv", "avi")) {
            Path clip = dir.resolve("seed." + ext);
            EditedClip.render(second, TestData.realClips(), clip, 160, 120, 25);
            seeds.add(clip);
        }
        // The WebM's first 40 KB: its header and its first two seconds.
        seeds.add(Files.write(dir.resolve("seed.webm"),
                java.util.Arrays.copyOf(Files.readAllBytes(TestData.realClips().resolve("cap13_edit2.webm")), 40_000)));
        seeds.add(Photos.copy("stranger.jpg", dir.resolve("seed.jpg")));
        seeds.add(Photos.copy("32bit.png", dir.resolve("seed.png")));
    }

    /** One of four mutations of the seed's bytes, past its first 16. */
    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(4)) {
            case 0 -> {
                for (int k = 1 + r.nextInt(40); k > 0; k--) {
                    b[16 + r.nextInt(b.length - 16)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, 16 + r.nextInt(b.length - 16));
            case 2 -> {
                int at = 16 + r.nextInt(b.length - 16);
                java.util.Arrays.fill(b, at, Math.min(b.length, at + 1 + r.nextInt(4096)), (byte) 0);
            }
            default -> {
                int at = 16 + r.nextInt(b.length - 16);
                byte[] junk = new byte[1 + r.nextInt(512)];
                r.nextBytes(junk);
                byte[] out = new byte[b.length + junk.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(b, at, out, at + junk.length, b.length - at);
                b = out;
            }
        }
        return b;
    }

    @Test
    void damagedVideosAndPhotosEndCleanly() throws Exception {
        int encodedPhotos = 0;
        int skippedPhotos = 0;
        for (int seed = 0; seed < CASES; seed++) {
            Path source = seeds.get(seed % seeds.size());
            String name = source.getFileName().toString();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            boolean photo = ext.equals("jpg") || ext.equals("png");
            // A photo goes in a person's folder, where encode looks for photos.
            Path input = dir.resolve("case" + seed + (photo ? "/p/m." : "/m.") + ext);
            Files.createDirectories(input.getParent());
            Files.write(input, mutate(Files.readAllBytes(source), new Random(seed)));
            String[] args = photo
                    ? new String[] {"encode", "--dataset", dir.resolve("case" + seed).toString(), "--encodings",
                            dir.resolve("case" + seed + ".json").toString()}
                    : new String[] {"recognize", "--encodings", store.toString(), "--quiet", "--input", input.toString(),
                            "--report", dir.resolve("case" + seed + ".json").toString(), "--output",
                            dir.resolve("case" + seed + ".avi").toString()};
            String[] all = Stream.concat(Stream.of(args), Stream.of("--models", TestData.models().dir().toString()))
                    .toArray(String[]::new);
            String what = "seed " + seed + " of " + name;
            Cli r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run(all), what);
            assertTrue(r.exit() == 0 || r.exit() == 1, () -> what + ": " + r);
            assertTrue(r.err().lines().count() <= 1, () -> what + ": " + r);
            assertTrue(r.exit() == 0 || r.err().startsWith("facerec: "), () -> what + ": " + r);
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), () -> what + ": " + r);
            if (photo) {
                // The photo reached the decoder: its face is in the store, or it is listed as
                // skipped with the reason (and then, the only photo, nothing is written).
                String relative = "p/m." + ext;
                Path written = dir.resolve("case" + seed + ".json");
                boolean encoded = r.exit() == 0 && EncodingStore.read(written).faces().stream()
                        .anyMatch(f -> f.image().equals(relative));
                boolean skipped = r.out().lines().anyMatch(l -> l.matches("skipped " + java.util.regex.Pattern.quote(relative) + ": \\S.*"));
                assertTrue(encoded || skipped && r.exit() == 1 && Files.notExists(written), () -> what + ": " + r);
                if (encoded) {
                    encodedPhotos++;
                } else {
                    skippedPhotos++;
                }
            }
        }
        // Both outcomes occur: mutations that a decoder shrugs off, and ones it refuses.
        assertTrue(encodedPhotos > 0 && skippedPhotos > 0, encodedPhotos + " photos encoded, " + skippedPhotos + " skipped");
    }

    @Test
    void aDamagedPhotoLeavesTheDecodersWarningsOffStderr() throws Exception {
        // libpng prints "libpng error: ..." itself, on descriptor 2: only a child JVM sees it.
        Path data = dir.resolve("damaged");
        Path png = Photos.copy("32bit.png", data.resolve("p/broken.png"));
        byte[] b = Files.readAllBytes(png);
        for (int i = b.length / 2; i < b.length / 2 + 64; i++) {
            b[i] ^= 0x5a;
        }
        Files.write(png, b);
        Photos.copy("biden.jpg", data.resolve("p/biden.jpg"));
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "facerec.cli.Main", "encode", "--dataset", data.toString(),
                "--encodings", dir.resolve("damaged.json").toString(), "--models", TestData.models().dir().toString())
                .redirectOutput(dir.resolve("damaged.out").toFile()).redirectError(dir.resolve("damaged.err").toFile()).start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("damaged.err"));
        assertEquals(0, p.exitValue(), err);
        assertEquals("", err);
        assertTrue(Files.readString(dir.resolve("damaged.out")).contains("skipped p/broken.png: cannot decode image"));
    }
}
