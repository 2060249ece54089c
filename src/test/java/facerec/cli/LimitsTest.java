package facerec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.store.EncodingStore;
import facerec.testing.Cli;
import facerec.testing.Photos;
import facerec.testing.Scenes;
import facerec.testing.TestData;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs and options that would take unbounded memory: refused or skipped, with the reason, in seconds. */
class LimitsTest {
    @TempDir
    static Path dir;
    static String models;

    @BeforeAll
    static void models() {
        models = TestData.models().dir().toString();
    }

    /** A real PNG of width x height black pixels, a few hundred KB on disk: a decompression bomb. */
    static Path bomb(Path file, int width, int height) throws Exception {
        Files.createDirectories(file.getParent());
        try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(raw)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            java.io.ByteArrayOutputStream ihdr = new java.io.ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, RGB
            chunk(out, "IHDR", ihdr.toByteArray());
            java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9), 1 << 16)) {
                byte[] row = new byte[1 + 3 * width]; // filter 0, then black
                for (int y = 0; y < height; y++) {
                    z.write(row);
                }
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
        }
        return file;
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws Exception {
        out.writeInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    @Test
    void aDecompressionBombIsSkippedWithItsSizeAndTheOthersAreEncoded() throws Exception {
        Path data = dir.resolve("bomb-data");
        Path png = bomb(data.resolve("mallory/bomb.png"), 16000, 16000);
        assertTrue(Files.size(png) < 2_000_000, "a small file: " + Files.size(png));
        Photos.copy("biden.jpg", data.resolve("biden/biden.jpg"));
        Path store = dir.resolve("bomb.json");
        Cli r = Cli.run("encode", "--dataset", data.toString(), "--encodings", store.toString(), "--models", models);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("skipped mallory/bomb.png: too large to decode: 16000 x 16000 pixels (at most 250 million)"),
                r::toString);
        assertEquals(1, EncodingStore.read(store).faces().size());
    }

    @Test
    void anUpsamplingThatWouldNotFitIsSkippedOrRefused() throws Exception {
        Path data = dir.resolve("upsample-data");
        Photos.copy("obama.jpg", data.resolve("obama/obama.jpg"));
        // 910 x 1137 pixels, upsampled 4 times: 265 million.
        Cli r = Cli.run("encode", "--dataset", data.toString(), "--encodings", dir.resolve("up.json").toString(),
                "--models", models, "--upsample", "4");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("skipped obama/obama.jpg: too large to upsample 4 times: 910 x 1137 pixels would become"
                + " 264 million (at most 256)"), r::toString);

        Scenes.Fixture f = Scenes.Fixture.crossing(dir, false);
        Cli v = Cli.run("recognize", "--encodings", f.store().toString(), "--models", models, "--quiet", "--input",
                f.clip().toString(), "--upsample", "6", "--report", dir.resolve("up6.json").toString());
        assertEquals(1, v.exit(), v::toString);
        assertTrue(v.err().startsWith("facerec: --upsample 6 on 640x360's frames at --width 400 means detecting on 368"
                + " million pixels (at most 256)"), v::toString);
        assertTrue(!Files.exists(dir.resolve("up6.json")));
    }

    @Test
    void moreThreadsThanCoresAreClampedWithANote() throws Exception {
        Path data = dir.resolve("threads-data");
        Photos.copy("biden.jpg", data.resolve("biden/biden.jpg"));
        Cli r = Cli.run("encode", "--dataset", data.toString(), "--encodings", dir.resolve("t.json").toString(),
                "--models", models, "--threads", "64");
        assertEquals(0, r.exit(), r::toString);
        int cores = Runtime.getRuntime().availableProcessors();
        assertTrue(r.err().contains("facerec: note: --threads 64 is more than the " + cores + " cores: using " + cores),
                r::toString);
    }

    /** A 16000x16000 PNG given to recognize ran out of memory: 768 MB a frame, decoded. */
    @Test
    void aFrameLargerThanFacerecReadsIsRefusedInOneLine() throws Exception {
        Path png = bomb(dir.resolve("huge/huge.png"), 16000, 16000);
        Path store = Scenes.enrol(dir.resolve("huge-store"));
        Cli r = Cli.run("recognize", "--encodings", store.toString(), "--models", models, "--input", png.toString(), "--quiet");
        assertEquals(1, r.exit(), r::toString);
        assertEquals(java.util.List.of("facerec: frames of 16000x16000 (256 million pixels) are larger than facerec reads:"
                + " at most 40 million (8K is 33)"), r.err().lines().toList());
    }

    /** A folder, a FIFO or a device as the store was "no such file"; reading a FIFO would wait forever. */
    @Test
    void aStoreThatIsNoFileSaysWhatItIs() throws Exception {
        Path fifo = dir.resolve("store.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path photo = TestData.image("obama.jpg");
        for (String[] c : new String[][] {{dir.toString(), "is a folder, not a file"},
                {fifo.toString(), "is not a regular file (a FIFO, socket or device)"},
                {"/dev/null", "is not a regular file (a FIFO, socket or device)"}, {dir.resolve("none.json").toString(), "no such file"}}) {
            Cli r = Cli.run("recognize", "--encodings", c[0], "--models", models, "--input", photo.toString());
            assertEquals(2, r.exit(), r::toString);
            assertEquals(java.util.List.of("facerec: --encodings " + c[0] + ": " + c[1] + " (see 'facerec recognize --help')"),
                    r.err().lines().toList());
        }
    }
}
