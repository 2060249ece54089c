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

    /** Five frames of width x height, losslessly in Matroska (FFV1 takes sizes that H.264 and MJPEG refuse). */
    static Path video(Path file, int width, int height) throws Exception {
        Files.createDirectories(file.getParent());
        try (org.bytedeco.javacv.FFmpegFrameRecorder r = new org.bytedeco.javacv.FFmpegFrameRecorder(file.toString(), width, height);
                org.bytedeco.javacv.OpenCVFrameConverter.ToMat c = new org.bytedeco.javacv.OpenCVFrameConverter.ToMat()) {
            r.setFormat("matroska");
            r.setVideoCodecName("ffv1");
            r.setFrameRate(25);
            r.start();
            for (int i = 0; i < 5; i++) {
                try (org.bytedeco.opencv.opencv_core.Mat m = new org.bytedeco.opencv.opencv_core.Mat(height, width,
                        org.bytedeco.opencv.global.opencv_core.CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(40.0 * i, 80, 120, 0))) {
                    r.record(c.convert(m));
                }
            }
            r.stop();
        }
        return file;
    }

    /**
     * A 2x100000 video took 2.1 GB for its 5 frames (the cut finder's thumbnail was 64 pixels
     * wide, so 3.2 million rows), and a video output whose muxer refuses that size cost the
     * report too, with only "Invalid argument" for a reason.
     */
    @Test
    void aVideoOfImpossibleShapeKeepsItsReportAndSaysWhyTheVideoCannotBeWritten() throws Exception {
        Path tall = video(dir.resolve("tall/tall.mkv"), 2, 100000);
        Path store = Scenes.enrol(dir.resolve("tall-store"));
        for (String[] c : new String[][] {{"tall.mp4", "Resolution 2x100000 too large for mov/mp4 (Invalid argument)"},
                {"tall.avi", "JPEG does not support resolutions above 65500x65500 (Invalid argument)"}}) {
            Path out = dir.resolve("tall/" + c[0]);
            Path report = dir.resolve("tall/" + c[0] + ".json");
            Cli r = Cli.run("recognize", "--encodings", store.toString(), "--models", models, "--input", tall.toString(),
                    "--output", out.toString(), "--report", report.toString(), "--quiet");
            assertEquals(1, r.exit(), r::toString);
            assertEquals(java.util.List.of("facerec: cannot write " + out + ": " + c[1]), r.err().lines().toList());
            assertTrue(!Files.exists(out));
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
            assertEquals(5, json.get("frameCount").asInt(), json::toString);
            assertTrue(json.get("complete").asBoolean(), json::toString);
        }
        // With nothing else to make, the run fails before reading a frame.
        Path out = dir.resolve("tall/alone.mp4");
        Cli r = Cli.run("recognize", "--encodings", store.toString(), "--models", models, "--input", tall.toString(),
                "--output", out.toString(), "--quiet");
        assertEquals(1, r.exit(), r::toString);
        assertEquals(java.util.List.of("facerec: cannot write " + out + ": Resolution 2x100000 too large for mov/mp4"
                + " (Invalid argument)"), r.err().lines().toList());
    }

    /** An MJPEG stream whose frames claim 60000x60000 pixels "had no video stream". */
    @Test
    void anMjpegOfImpossibleSizeSaysItsSize() throws Exception {
        byte[] jpeg = Files.readAllBytes(TestData.image("obama.jpg"));
        int sof = 2;
        while ((jpeg[sof + 1] & 0xff) < 0xc0 || (jpeg[sof + 1] & 0xff) > 0xc2) {
            sof += 2 + ((jpeg[sof + 2] & 0xff) << 8 | (jpeg[sof + 3] & 0xff));
        }
        for (int at : new int[] {sof + 5, sof + 7}) { // height, then width: 60000 each
            jpeg[at] = (byte) (60000 >> 8);
            jpeg[at + 1] = (byte) 60000;
        }
        Path mjpeg = dir.resolve("huge.mjpeg");
        try (OutputStream o = Files.newOutputStream(mjpeg)) {
            for (int i = 0; i < 5; i++) {
                o.write(jpeg);
            }
        }
        Path store = Scenes.enrol(dir.resolve("mjpeg-store"));
        Cli r = Cli.run("recognize", "--encodings", store.toString(), "--models", models, "--input", mjpeg.toString(), "--quiet");
        assertEquals(1, r.exit(), r::toString);
        assertEquals(java.util.List.of("facerec: " + mjpeg + " has no video stream that FFmpeg can decode: Picture size"
                + " 60000x60000 is invalid"), r.err().lines().toList());
    }

    /** A photo file of 800 MB (a sparse one here) was read whole into memory before its decoder refused it. */
    @Test
    void aPhotoFileLargerThanAnyPhotoIsSkippedWithoutReadingIt() throws Exception {
        Path data = dir.resolve("padded-data");
        Photos.copy("biden.jpg", data.resolve("biden/biden.jpg"));
        Path padded = Files.createDirectories(data.resolve("mallory")).resolve("padded.jpg");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(padded.toFile(), "rw")) {
            f.setLength(800L << 20);
        }
        Cli r = Cli.run("encode", "--dataset", data.toString(), "--encodings", dir.resolve("padded.json").toString(),
                "--models", models);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("skipped mallory/padded.jpg: too large to decode: a file of 800 MB (at most 715)"),
                r::toString);
    }
}
