package facerec.redact;

import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.encode.DatasetEncoder;
import facerec.face.Box;
import facerec.face.FaceSettings;
import facerec.report.FaceRecord;
import facerec.store.Matcher;
import facerec.synth.EditedClip;
import facerec.synth.Leaks;
import facerec.synth.RealClips;
import facerec.testing.Cli;
import facerec.testing.TestData;
import facerec.video.VideoReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The redacted video, frame by frame against the source, on real footage: 5 s of the webcam
 * man, then FGNet's franck, then the webcam man again, with hard cuts (RealClips.SHORT_CUTS).
 * Only the webcam man is enrolled, so franck is unknown. Inside a masked face the source is
 * gone; outside every mask the frame is the source within MJPG's noise.
 */
@Tag("blas")
class RedactTest {
    @TempDir
    static Path dir;
    static Path clip;
    static Path store;
    static EditedClip.Truth truth;

    @BeforeAll
    static void render() throws Exception {
        clip = dir.resolve("cuts.mp4");
        truth = RealClips.render(RealClips.SHORT_CUTS, TestData.realClips(), clip);
        Path data = dir.resolve("data");
        RealClips.enrol(TestData.realClips(), data);
        try (var franck = Files.walk(data.resolve("franck"))) {
            franck.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        store = dir.resolve("encodings.json");
        new DatasetEncoder(TestData.models(), FaceSettings.DEFAULT, DatasetEncoder.MultiFace.LARGEST, 2)
                .encode(data).store().write(store);
    }

    /** Every frame of a video, decoded. */
    static List<Mat> frames(Path video) {
        List<Mat> out = new ArrayList<>();
        try (VideoReader reader = new VideoReader(video.toString(), false)) {
            for (VideoReader.Picture p; (p = reader.nextPicture()) != null; ) {
                out.add(p.bgr());
            }
        }
        return out;
    }

    /**
     * The part of the frame that no face of the clip comes near, as a mask (255 there): the frame
     * less every box of the clip, each grown by half a box and 8 pixels on each side (the margin
     * is a quarter box; a hold grows by the face's motion, a few pixels a frame here).
     */
    static Mat background(List<List<FaceRecord>> faces) {
        Mat mask;
        try (Scalar all = new Scalar(255)) {
            mask = new Mat(truth.height(), truth.width(), opencv_core.CV_8UC1, all);
        }
        try (Scalar none = new Scalar(0)) {
            for (List<FaceRecord> frame : faces) {
                for (FaceRecord f : frame) {
                    Box b = f.box();
                    int x = b.width() / 2 + 8;
                    int y = b.height() / 2 + 8;
                    try (Point a = new Point(b.left() - x, b.top() - y); Point c = new Point(b.right() + x, b.bottom() + y)) {
                        rectangle(mask, a, c, none, FILLED, LINE_8, 0);
                    }
                }
            }
        }
        return mask;
    }

    /** The mean absolute difference of two frames where {@code mask} is set. */
    static double difference(Mat a, Mat b, Mat mask) {
        try (Mat d = new Mat()) {
            absdiff(a, b, d);
            try (Scalar mean = opencv_core.mean(d, mask)) {
                return (mean.get(0) + mean.get(1) + mean.get(2)) / 3;
            }
        }
    }

    @Test
    void everyFaceIsMaskedAndTheRestIsTheSource() throws Exception {
        Path video = dir.resolve("all.avi");
        Path report = dir.resolve("all.json");
        Cli r = Cli.run("recognize", "--encodings", store.toString(), "--models", TestData.models().dir().toString(),
                "--quiet", "--input", clip.toString(), "--output", video.toString(), "--report", report.toString(),
                "--redact", "all");
        assertEquals(0, r.exit(), r::toString);
        List<List<FaceRecord>> faces = Leaks.faces(report);
        List<Mat> source = frames(clip);
        List<Mat> redacted = frames(video);
        assertEquals(source.size(), redacted.size());
        assertEquals(truth.frames(), redacted.size());
        Mat background = background(faces);
        int left = countNonZero(background);
        assertTrue(left > truth.width() * truth.height() / 20, "a background to compare: " + left + " pixels");
        int masked = 0;
        double worstInside = Double.MAX_VALUE;
        double worstOutside = 0;
        for (int i = 0; i < source.size(); i++) {
            for (FaceRecord f : faces.get(i)) {
                double d = Leaks.difference(source.get(i), redacted.get(i), Leaks.middle(f.box()));
                worstInside = Math.min(worstInside, d);
                masked += d > 6 ? 1 : 0;
            }
            worstOutside = Math.max(worstOutside, difference(source.get(i), redacted.get(i), background));
        }
        int all = faces.stream().mapToInt(List::size).sum();
        System.out.printf(Locale.ROOT, "RedactTest: %d of %d faces masked (least change inside %.1f); background changed"
                + " by at most %.2f%n", masked, all, worstInside, worstOutside);
        assertTrue(all >= truth.frames() * 9 / 10, "faces found in " + all + " of " + truth.frames() + " frames");
        assertEquals(all, masked, "every face masked; the least change inside one was " + worstInside);
        assertTrue(worstOutside < 3, "the background is the source within MJPG's noise: " + worstOutside);
        source.forEach(Mat::close);
        redacted.forEach(Mat::close);
        background.close();
    }

    @Test
    void onlyTheExceptedManIsShownAndTheUnknownManIsMaskedEvenWhereHisFaceWasNotFound() throws Exception {
        Path video = dir.resolve("except.avi");
        Path report = dir.resolve("except.json");
        Cli r = Cli.run("recognize", "--encodings", store.toString(), "--models", TestData.models().dir().toString(),
                "--quiet", "--input", clip.toString(), "--output", video.toString(), "--report", report.toString(),
                "--redact-except", "webcam", "--redact-style", "pixelate", "--redact-shape", "box");
        assertEquals(0, r.exit(), r::toString);
        List<List<FaceRecord>> faces = Leaks.faces(report);
        List<Mat> source = frames(clip);
        List<Mat> redacted = frames(video);
        int named = 0;
        int shown = 0;
        List<Box> franck = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            for (FaceRecord f : faces.get(i)) {
                if (f.name().equals("webcam")) {
                    named++;
                    shown += Leaks.difference(source.get(i), redacted.get(i), Leaks.middle(f.box())) < 3 ? 1 : 0;
                } else {
                    assertEquals(Matcher.UNKNOWN, f.name(), "frame " + i);
                    assertTrue(Leaks.difference(source.get(i), redacted.get(i), Leaks.middle(f.box())) > 6, "frame " + i + ": " + f);
                    franck.add(f.box());
                }
            }
        }
        System.out.printf(Locale.ROOT, "RedactTest: the webcam man shown bare in %d of the %d frames that name him;"
                + " franck masked in %d frames where he was found%n", shown, named, franck.size());
        assertTrue(named > 60, "the webcam man named in " + named + " frames");
        assertTrue(shown >= named * 95 / 100, "shown bare in " + shown + " of the " + named + " frames that name him");
        // Where franck is on screen, his face's place is masked on every frame, found there or not.
        assertTrue(franck.size() > 20, "franck found in " + franck.size() + " frames");
        Box place = Leaks.middle(franck.get(franck.size() / 2));
        for (int i = 0; i < source.size(); i++) {
            if ("franck".equals(truth.person(i)) && !truth.cuts().contains(i)) {
                assertTrue(Leaks.difference(source.get(i), redacted.get(i), place) > 6, "frame " + i + ": franck shown");
            }
        }
        source.forEach(Mat::close);
        redacted.forEach(Mat::close);
    }

    @Test
    void optionsThatDoNotGoTogetherAreUsageErrors() {
        String models = TestData.models().dir().toString();
        List<String[]> cases = List.of(
                new String[] {"--redact", "all", "--unknowns", dir.resolve("u").toString(), "--output", dir.resolve("o.avi").toString()},
                new String[] {"--redact", "all"},
                new String[] {"--redact-style", "solid", "--output", dir.resolve("o.avi").toString()},
                new String[] {"--redact", "all", "--redact-except", "webcam", "--output", dir.resolve("o.avi").toString()},
                new String[] {"--redact", "except", "--output", dir.resolve("o.avi").toString()},
                new String[] {"--redact", "all", "--redact-margin", "5", "--output", dir.resolve("o.avi").toString()},
                new String[] {"--redact-except", ",", "--output", dir.resolve("o.avi").toString()},
                new String[] {"--redact-except", "", "--output", dir.resolve("o.avi").toString()});
        List<String> messages = List.of("--unknowns writes the faces out", "mask the output video", "--redact-style needs --redact",
                "do not go together", "--redact takes all or unknown", "--redact-margin must be 0 to 2.0, not 5.0",
                "--redact-except needs a name", "--redact-except needs a name");
        for (int c = 0; c < cases.size(); c++) {
            List<String> args = new ArrayList<>(List.of("recognize", "--encodings", store.toString(), "--models", models,
                    "--input", clip.toString()));
            args.addAll(List.of(cases.get(c)));
            Cli r = Cli.run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().startsWith("facerec: ") && r.err().contains(messages.get(c)), r::toString);
            assertTrue(!Files.exists(dir.resolve("o.avi")), "nothing written");
        }
    }
}
