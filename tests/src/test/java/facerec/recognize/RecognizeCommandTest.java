package facerec.recognize;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.synth.Accuracy;
import facerec.synth.SceneVideo;
import facerec.testing.Cli;
import facerec.testing.Scenes;
import facerec.testing.TestData;
import facerec.store.EncodingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facerec recognize} on a synthesized video whose ground truth is known. */
class RecognizeCommandTest {
    @TempDir
    static Path dir;
    static Path store;
    static Path clip;
    static SceneVideo.Truth truth;

    @BeforeAll
    static void scene() throws Exception {
        Scenes.Fixture f = Scenes.Fixture.crossing(dir, true);
        store = f.store();
        clip = f.clip();
        truth = f.truth();
    }

    static Cli recognize(String... extra) {
        String[] base = {"recognize", "--encodings", store.toString(), "--models", TestData.models().dir().toString(), "--quiet"};
        return Cli.run(java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new));
    }

    @Test
    void namesTheFacesOfTheSceneAndWritesVideoAndReport() throws Exception {
        Path out = dir.resolve("out/crossing.avi");
        Path report = dir.resolve("out/crossing.json");
        Cli r = recognize("--input", clip.toString(), "--output", out.toString(), "--report", report.toString());
        assertEquals(0, r.exit(), r::toString);

        Accuracy a = Accuracy.score(truth, report);
        assertTrue(a.rate() >= 0.95, a::toString);
        assertEquals(0, a.falseNames(), a::toString);

        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        assertEquals("facerec-report", rep.get("format").asText());
        assertEquals(100, rep.get("frameCount").asInt());
        assertEquals(100, rep.get("frames").size());
        assertTrue(rep.get("complete").asBoolean());
        assertEquals(25.0, rep.get("fps").asDouble(), 1e-6);
        assertEquals(640, rep.get("width").asInt());
        assertEquals(360, rep.get("height").asInt());
        assertEquals(1000.0, rep.get("frames").get(25).get("timeMs").asDouble(), 1.0);

        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.start();
            assertEquals("mjpeg", g.getVideoCodecName());
            assertEquals(640, g.getImageWidth());
            assertEquals(360, g.getImageHeight());
            assertEquals(25.0, g.getVideoFrameRate(), 0.01);
            assertTrue(g.getAudioChannels() > 0, "the input's tone is carried into the output");
        }
        assertEquals(100, countFrames(out));
        assertTrue(r.out().contains("obama: "), r::toString);
        assertTrue(r.out().contains("biden: "), r::toString);
    }

    @Test
    void aStillImageIsAOneFrameVideoWithAnImageOut() throws Exception {
        Path out = dir.resolve("still/obama3.jpg");
        Path report = dir.resolve("still/obama3.json");
        Cli r = recognize("--input", TestData.image("obama3.jpg").toString(), "--output", out.toString(), "--report",
                report.toString(), "--show-distance");
        assertEquals(0, r.exit(), r::toString);
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        assertEquals(1, rep.get("frameCount").asInt());
        JsonNode face = rep.get("frames").get(0).get("faces").get(0);
        assertEquals("obama", face.get("name").asText());
        assertTrue(face.get("distance").asDouble() < 0.6);
        assertEquals(1, face.get("votes").asInt());
        try (Mat img = imread(out.toString())) {
            assertEquals(1434, img.cols());
            assertEquals(2333, img.rows());
        }
    }

    @Test
    void withoutOutputsItPrintsWhoAppearsWhen() {
        Cli r = recognize("--input", clip.toString());
        assertEquals(0, r.exit(), r::toString);
        long obamaFrames = truth.frames().stream()
                .filter(f -> f.faces().stream().anyMatch(t -> t.name().equals("obama") && !t.partial())).count();
        String line = r.out().lines().filter(l -> l.startsWith("obama: ")).findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("obama: (\\d+) frames, 0\\.00 s to 3\\.\\d\\d s \\(\\d segments?\\)")
                .matcher(line);
        assertTrue(m.matches(), line);
        assertTrue(Integer.parseInt(m.group(1)) >= obamaFrames * 0.95, line + " vs " + obamaFrames + " in the truth");
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("biden: ")), r::toString);
        assertFalse(r.out().contains("Unknown"), r::toString);
    }

    @Test
    void missingInputIsAUsageError() {
        Cli r = recognize("--input", dir.resolve("nope.mp4").toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("nope.mp4"), r::toString);
    }

    @Test
    void widthAndMinFaceBelongToTheirDetectors() {
        Cli width = recognize("--input", clip.toString(), "--detection-method", "centerface", "--width", "800");
        assertEquals(2, width.exit(), width::toString);
        assertTrue(width.err().contains("--width is for hog and cnn: centerface scales frames for --min-face"), width::toString);
        Cli minFace = recognize("--input", clip.toString(), "--min-face", "30");
        assertEquals(2, minFace.exit(), minFace::toString);
        assertTrue(minFace.err().contains("--min-face is for --detection-method centerface"), minFace::toString);
        Cli zero = recognize("--input", clip.toString(), "--detection-method", "centerface", "--min-face", "0");
        assertEquals(2, zero.exit(), zero::toString);
        assertTrue(zero.err().contains("--min-face must be 1 to 100000, not 0"), zero::toString);
    }

    @Test
    void outputOverTheInputIsRefused() {
        Cli r = recognize("--input", clip.toString(), "--output", clip.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("is the input"), r::toString);
        Cli positional = recognize(clip.toString(), "--output", clip.toString());
        assertEquals(2, positional.exit(), positional::toString);
        assertTrue(positional.err().contains("is the input"), positional::toString);
    }

    @Test
    void notAVideoFailsNamingItAndLeavesNothing() throws IOException {
        Path bad = Files.writeString(dir.resolve("notes.mp4"), "this is not a video");
        Path out = dir.resolve("bad/notes.avi");
        Cli r = recognize("--input", bad.toString(), "--output", out.toString(), "--report", dir.resolve("bad/notes.json").toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().startsWith("facerec: cannot read " + bad + " as a video or image: moov atom not found (Invalid data"),
                r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertFalse(Files.exists(out));
    }

    @Test
    void aTruncatedVideoIsProcessedUpToTheDamageAndFinalized() throws Exception {
        Path whole = dir.resolve("trunc/whole.avi");
        assertEquals(0, recognize("--input", clip.toString(), "--output", whole.toString()).exit());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("trunc/cut.avi");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path out = dir.resolve("trunc/out.avi");
        Path report = dir.resolve("trunc/out.json");
        Cli r = recognize("--input", cut.toString(), "--output", out.toString(), "--report", report.toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains(cut.toString()) && r.err().contains("truncated"), r::toString);
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        assertFalse(rep.get("complete").asBoolean());
        int decoded = rep.get("frameCount").asInt();
        assertTrue(decoded > 30 && decoded < 70, "about half of 100 frames: " + decoded);
        assertEquals(decoded, rep.get("frames").size());
        assertEquals(decoded, countFrames(out), "the output is playable and holds every decoded frame");
        assertTrue(rep.get("people").size() >= 1, "what was decoded was recognized");
    }

    @Test
    void aStoreFromAnotherEncoderIsRefused() throws IOException {
        EncodingStore s = EncodingStore.read(store);
        EncodingStore other = new EncodingStore(new EncodingStore.ModelInfo("another_model", "0".repeat(64), "hog", 1, 5, 1),
                s.faces(), s.skipped());
        Path file = dir.resolve("other.json");
        other.write(file);
        Cli r = Cli.run("recognize", "--encodings", file.toString(), "--input", clip.toString(), "--models",
                TestData.models().dir().toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains(file.toString()) && r.err().contains("another encoder"), r::toString);
        // The right file's hash under another encoder's name: a tampered or hand-made store.
        EncodingStore renamed = new EncodingStore(new EncodingStore.ModelInfo("another_model", s.model().encoderSha256(),
                "hog", 1, 5, 1), s.faces(), s.skipped());
        renamed.write(file);
        Cli n = Cli.run("recognize", "--encodings", file.toString(), "--input", clip.toString(), "--models",
                TestData.models().dir().toString());
        assertEquals(1, n.exit(), n::toString);
        assertTrue(n.err().contains("another encoder (another_model"), n::toString);
    }

    @Test
    void notAStoreIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("report-not-store.json"), "{\"format\": \"facerec-report\", \"version\": 1}");
        Cli r = Cli.run("recognize", "--encodings", file.toString(), "--input", clip.toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains(file + " is not a facerec encodings file"), r::toString);
    }

    @Test
    void batchWritesOneOutputPerInputAndGoesOnPastABadOne() throws IOException {
        Path inputs = Files.createDirectories(dir.resolve("batch-in"));
        Files.copy(clip, inputs.resolve("a.mp4"));
        Files.writeString(inputs.resolve("broken.mp4"), "not a video");
        Files.copy(TestData.image("obama3.jpg"), inputs.resolve("portrait.jpg"));
        Path outDir = dir.resolve("batch-out");
        Cli r = recognize("--output-dir", outDir.toString(), inputs.toString());
        assertEquals(1, r.exit(), r::toString);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertEquals(3, lines.size(), r::toString);
        assertEquals("ok", lines.get(0).get("status").asText());
        assertEquals(100, lines.get(0).get("frames").asInt());
        assertEquals("failed", lines.get(1).get("status").asText());
        assertTrue(lines.get(1).get("error").asText().contains("broken.mp4"));
        assertEquals("ok", lines.get(2).get("status").asText());
        assertEquals("obama", lines.get(2).get("people").get(0).get("name").asText());
        assertTrue(Files.isRegularFile(outDir.resolve("a.avi")) && Files.isRegularFile(outDir.resolve("a.json")));
        assertTrue(Files.isRegularFile(outDir.resolve("portrait.jpg")) && Files.isRegularFile(outDir.resolve("portrait.json")));
        assertTrue(r.err().contains("1 of 3 inputs failed"), r::toString);
    }

    @Test
    void sigintFinalizesVideoAndReport() throws Exception {
        interruptFinalizesVideoAndReport("INT");
    }

    /** SIGTERM, unlike SIGINT, is never ignored by a shell that starts a job in the background. */
    @Test
    void sigtermFinalizesVideoAndReport() throws Exception {
        interruptFinalizesVideoAndReport("TERM");
    }

    private void interruptFinalizesVideoAndReport(String signal) throws Exception {
        Path out = dir.resolve("sig" + signal + "/out.avi");
        Path report = dir.resolve("sig" + signal + "/out.json");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "facerec.cli.Main", "recognize", "--encodings", store.toString(),
                "--models", TestData.models().dir().toString(), "--input", clip.toString(), "--threads", "1", "--detect-every", "1",
                "--output", out.toString(), "--report", report.toString(), "--quiet")
                .redirectErrorStream(true).redirectOutput(dir.resolve("sig" + signal + ".log").toFile()).start();
        // Wait until frames are flowing (the report's spool grows), then interrupt as Ctrl-C does.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (spoolSize(report) < 2000 && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(20);
        }
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        assertFalse(rep.get("complete").asBoolean(), () -> rep.toString().substring(0, 300));
        int frames = rep.get("frameCount").asInt();
        assertTrue(frames > 0 && frames < 100, "frames before the interrupt: " + frames);
        assertEquals(frames, countFrames(out));
        String log = Files.readString(dir.resolve("sig" + signal + ".log"));
        assertEquals(1, p.exitValue(), log);
        // stdout (who appears) and stderr are in one log here: one error line, saying where it stopped.
        assertEquals(List.of("facerec: interrupted after frame " + frames),
                log.lines().filter(l -> l.startsWith("facerec:")).toList(), log);
    }

    private static long spoolSize(Path report) throws IOException {
        try (var files = Files.list(report.getParent() == null ? Path.of(".") : report.getParent())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".frames")).mapToLong(f -> f.toFile().length()).sum();
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    static int countFrames(Path video) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            int frames = 0;
            while (g.grabImage() != null) {
                frames++;
            }
            return frames;
        }
    }

    @Test
    void framesAreTurnedUprightByTheDisplayRotation() throws Exception {
        // As a phone stores portrait video: the picture lies on its side, and the stream's
        // display matrix says to turn it 90 degrees counter-clockwise for display.
        Path sideways = dir.resolve("rotated.mp4");
        try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(clip.toFile());
                OpenCVFrameConverter.ToMat convert = new OpenCVFrameConverter.ToMat()) {
            in.start();
            FFmpegFrameRecorder out = new FFmpegFrameRecorder(sideways.toFile(), in.getImageHeight(), in.getImageWidth(), 0);
            out.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264);
            out.setFrameRate(in.getVideoFrameRate());
            out.setVideoBitrate(2_000_000);
            out.setDisplayRotation(90);
            out.start();
            for (Frame f; (f = in.grabImage()) != null; ) {
                try (Mat turned = new Mat()) {
                    org.bytedeco.opencv.global.opencv_core.rotate(convert.convert(f), turned,
                            org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE);
                    out.record(convert.convert(turned));
                }
            }
            out.stop();
            out.release();
        }
        Path report = dir.resolve("rotated.json");
        Cli r = recognize("--input", sideways.toString(), "--report", report.toString());
        assertEquals(0, r.exit(), r::toString);
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        assertEquals(640, rep.get("width").asInt());
        assertEquals(360, rep.get("height").asInt());
        Accuracy a = Accuracy.score(truth, report);
        assertTrue(a.rate() >= 0.95, a::toString);
    }

    @Test
    void readsAStreamUrl() throws Exception {
        Path avi = dir.resolve("served.avi");
        SceneVideo.render(Scenes.crossing(false), TestData.models(), avi);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/clip.avi", exchange -> {
            byte[] body = Files.readAllBytes(avi);
            exchange.getResponseHeaders().add("Content-Type", "video/x-msvideo");
            exchange.sendResponseHeaders(200, body.length);
            try (var os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/clip.avi";
            Path report = dir.resolve("stream.json");
            Cli r = recognize("--input", url, "--report", report.toString());
            assertEquals(0, r.exit(), r::toString);
            JsonNode rep = new ObjectMapper().readTree(report.toFile());
            assertEquals(url, rep.get("input").asText());
            assertEquals(100, rep.get("frameCount").asInt());
            assertTrue(Accuracy.score(truth, report).rate() >= 0.95);
        } finally {
            server.stop(0);
        }
    }
}
