package facerec.synth;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import facerec.recognize.Cuts;
import facerec.video.Images;
import facerec.video.VideoReader;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/** Measures {@link Cuts} on a whole video, for the evaluation of the detector on real footage. */
public final class CutScan {
    private CutScan() {}

    /**
     * The cuts that recognize finds in a video, as the workers see it: frames downscaled to
     * {@code width}, and judged in chunks of {@code chunk} frames (the first frame of a chunk is
     * detected anyway). Also prints every score above {@link Cuts#MIN_SCORE} when {@code log} is set.
     */
    public static List<Integer> inVideo(String input, int width, int chunk, PrintStream log) {
        List<Integer> cuts = new ArrayList<>();
        List<Mat> thumbs = new ArrayList<>();
        try (VideoReader reader = new VideoReader(input, false)) {
            int first = 0;
            for (VideoReader.Item item; (item = reader.next()) != null; ) {
                if (!(item instanceof VideoReader.Picture p)) {
                    continue;
                }
                try (Mat bgr = p.bgr(); Mat rgb = new Mat(); Mat small = Images.downscaleFast(bgr, width)) {
                    cvtColor(small, rgb, COLOR_BGR2RGB);
                    thumbs.add(Cuts.thumbnail(rgb));
                }
                if (thumbs.size() == chunk) {
                    judge(thumbs, first, cuts, log);
                    first += chunk;
                }
            }
            judge(thumbs, first, cuts, log);
        } finally {
            thumbs.forEach(Mat::close);
        }
        return cuts;
    }

    private static void judge(List<Mat> thumbs, int first, List<Integer> cuts, PrintStream log) {
        double[] scores = new double[thumbs.size()];
        for (int i = 1; i < thumbs.size(); i++) {
            scores[i] = Cuts.score(thumbs.get(i - 1), thumbs.get(i));
        }
        boolean[] cut = Cuts.find(scores);
        for (int i = 1; i < scores.length; i++) {
            if (cut[i]) {
                cuts.add(first + i);
            }
            if (log != null && scores[i] >= Cuts.MIN_SCORE) {
                log.printf(Locale.ROOT, "frame %d: score %.1f%s%n", first + i, scores[i], cut[i] ? " cut" : "");
            }
        }
        thumbs.forEach(Mat::close);
        thumbs.clear();
    }
}
