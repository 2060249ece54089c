package facerec.recognize;

import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import facerec.video.Images;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Finds hard cuts, where the picture changes to another shot from one frame to the next. After
 * a cut every tracker is following a face that is no longer there, so the frame is detected
 * afresh. The measure is PySceneDetect's content score (the mean absolute difference of hue,
 * saturation and value between consecutive frames, here on 64-pixel-wide thumbnails), and the
 * decision its adaptive one: a cut is a frame whose score stands out against its neighbours',
 * because the weak cuts of real edits (dark stage shots, the same room filmed twice) score
 * below what a camera move or a fast gesture scores inside a shot.
 */
public final class Cuts {
    /** Thumbnail width: small enough to ignore noise and compression, large enough to see a new shot. */
    static final int THUMB = 64;
    /**
     * The tallest thumbnail, in widths: a portrait phone video's is under 2; a frame of 2x100000
     * would have made one of 3.2 million rows, 614 MB a frame.
     */
    static final int TALLEST = 4;
    /** A frame scoring this much more than the mean of its neighbours is a cut (PySceneDetect's adaptive threshold, 3). */
    static final double RATIO = 3;
    /** ...provided it changes at least this much (out of 255): flicker on a still picture is not a cut. */
    public static final double MIN_SCORE = 10;
    /** A change this large is a cut whatever the neighbours do (PySceneDetect's content threshold, 27). */
    public static final double HARD = 27;
    /** Neighbours on each side that make a frame's context (PySceneDetect's window, 2). */
    static final int WINDOW = 2;

    private Cuts() {}

    /** Thumbnails of whole frames are made from a copy this wide, which costs little to make. */
    private static final int FRAME_SOURCE = 4 * THUMB;

    /** A decoded frame's thumbnail ({@link #thumbnail}), made cheaply from its BGR pixels; close it. */
    public static Mat frameThumbnail(Mat bgr) {
        try (Mat small = Images.downscaleFast(bgr, FRAME_SOURCE); Mat rgb = new Mat()) {
            cvtColor(small, rgb, COLOR_BGR2RGB);
            return thumbnail(rgb);
        }
    }

    /** A frame's thumbnail in HSV, the form {@link #score} compares; close it. */
    public static Mat thumbnail(Mat rgb) {
        double scale = Math.min(THUMB / (double) rgb.cols(), TALLEST * THUMB / (double) rgb.rows());
        int width = Math.max(1, (int) Math.round(rgb.cols() * scale));
        int height = Math.max(1, (int) Math.round(rgb.rows() * scale));
        Mat hsv = new Mat();
        try (Mat small = new Mat(); Size size = new Size(width, height)) {
            resize(rgb, small, size, 0, 0, INTER_AREA);
            cvtColor(small, hsv, COLOR_RGB2HSV);
        }
        return hsv;
    }

    /** Content score of two consecutive thumbnails: the mean absolute change of H, S and V. */
    public static double score(Mat before, Mat after) {
        try (Mat diff = new Mat()) {
            absdiff(before, after, diff);
            try (Scalar m = mean(diff)) {
                return (m.get(0) + m.get(1) + m.get(2)) / 3;
            }
        }
    }

    /** A thumbnail's pixels, kept in Java so that a shot remembered for long holds no native memory. */
    public static byte[] bytes(Mat thumbnail) {
        byte[] out = new byte[(int) (thumbnail.total() * thumbnail.channels())];
        if (thumbnail.isContinuous()) {
            thumbnail.data().get(out);
        } else {
            try (Mat dense = thumbnail.clone()) {
                dense.data().get(out);
            }
        }
        return out;
    }

    /** {@link #score(Mat, Mat)} of two thumbnails of one size, from their {@link #bytes}. */
    public static double score(byte[] before, byte[] after) {
        long sum = 0;
        for (int i = 0; i < before.length; i++) {
            sum += Math.abs((before[i] & 0xff) - (after[i] & 0xff));
        }
        return sum / (double) before.length;
    }

    /**
     * Which frames of a run of consecutive frames are cuts: {@code scores[i]} is the change from
     * frame {@code i - 1} to {@code i} ({@code scores[0]} is not used). Frames of the run on
     * either side of {@code i} are its neighbours; the run is all the context there is.
     */
    public static boolean[] find(double[] scores) {
        boolean[] cut = new boolean[scores.length];
        for (int i = 1; i < scores.length; i++) {
            double s = scores[i];
            if (s < MIN_SCORE) {
                continue;
            }
            double sum = 0;
            int n = 0;
            for (int j = Math.max(1, i - WINDOW); j <= Math.min(scores.length - 1, i + WINDOW); j++) {
                if (j != i) {
                    sum += scores[j];
                    n++;
                }
            }
            cut[i] = s >= HARD || (n > 0 && s >= RATIO * sum / n);
        }
        return cut;
    }
}
