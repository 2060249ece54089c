package facerec.face;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import facerec.video.Images;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A face cut out of a frame, for people to look at and for {@code encode} to enrol: the face
 * with a margin of half its size around it (the detector needs forehead, chin and cheeks to
 * find it again), as JPEG, and a quality in [0, 1] that prefers large, frontal, sharp faces.
 */
public record FaceCrop(byte[] jpeg, double quality) {
    /** The encoder works on 150-pixel face chips: a face this wide or wider loses nothing. */
    static final int FULL_SIZE = 150;
    /** Crops are scaled down to this width at most (the face is then half of it). */
    static final int MAX_WIDTH = 320;

    /**
     * Cuts the face in {@code box} out of a BGR frame.
     *
     * @param landmarks the aligner's points (5 or 68, as x, y pairs) in any scale: only their
     *                  proportions are used
     */
    public static FaceCrop cut(Mat bgr, Box box, int[] landmarks) {
        int marginX = box.width() / 2;
        int marginY = box.height() / 2;
        int left = Math.max(0, box.left() - marginX);
        int top = Math.max(0, box.top() - marginY);
        int right = Math.min(bgr.cols(), box.right() + marginX);
        int bottom = Math.min(bgr.rows(), box.bottom() + marginY);
        if (right - left < 2 || bottom - top < 2) {
            return null;
        }
        try (Rect r = new Rect(left, top, right - left, bottom - top); Mat region = new Mat(bgr, r);
                Mat small = new Mat()) {
            Mat out = region;
            if (region.cols() > MAX_WIDTH) {
                int h = Math.max(1, (int) Math.round(region.rows() * (double) MAX_WIDTH / region.cols()));
                try (Size s = new Size(MAX_WIDTH, h)) {
                    resize(region, small, s, 0, 0, INTER_AREA);
                }
                out = small;
            }
            byte[] jpeg = Images.jpeg(out);
            double size = Math.min(1, box.width() / (double) FULL_SIZE);
            return new FaceCrop(jpeg, size * frontal(landmarks) * sharpness(bgr, box));
        }
    }

    /**
     * 1 when the nose lies midway between the eyes, falling to 0 when it has moved half the
     * eyes' distance towards one of them (a face in profile). dlib's 5-point model: 0-1 one
     * eye, 2-3 the other, 4 the nose; the 68-point model: 36-41, 42-47 and the nose tip 30.
     */
    static double frontal(int[] xy) {
        int n = xy.length / 2;
        double[] a = n == 68 ? centre(xy, 36, 42) : centre(xy, 0, 2);
        double[] b = n == 68 ? centre(xy, 42, 48) : centre(xy, 2, 4);
        int nose = n == 68 ? 30 : 4;
        double ex = b[0] - a[0];
        double ey = b[1] - a[1];
        double eyes = ex * ex + ey * ey;
        if (eyes == 0) {
            return 0;
        }
        double nx = xy[2 * nose] - (a[0] + b[0]) / 2;
        double ny = xy[2 * nose + 1] - (a[1] + b[1]) / 2;
        double along = (nx * ex + ny * ey) / eyes;
        return Math.max(0, 1 - 2 * Math.abs(along));
    }

    private static double[] centre(int[] xy, int from, int to) {
        double x = 0;
        double y = 0;
        for (int i = from; i < to; i++) {
            x += xy[2 * i];
            y += xy[2 * i + 1];
        }
        return new double[] {x / (to - from), y / (to - from)};
    }

    /**
     * The variance of the Laplacian of the face at 64x64 (the usual focus measure), mapped to
     * [0, 1): motion blur and defocus flatten it. Half-way at 100, where sharp webcam faces lie
     * well above and blurred ones well below.
     */
    static double sharpness(Mat bgr, Box box) {
        Box b = box.trim(bgr.cols(), bgr.rows());
        if (b.width() < 1 || b.height() < 1) {
            return 0;
        }
        try (Rect r = new Rect(b.left(), b.top(), b.width(), b.height()); Mat face = new Mat(bgr, r);
                Mat grey = new Mat(); Mat small = new Mat(); Mat lap = new Mat(); Size s = new Size(64, 64);
                Mat mean = new Mat(); Mat dev = new Mat()) {
            cvtColor(face, grey, COLOR_BGR2GRAY);
            resize(grey, small, s, 0, 0, INTER_AREA);
            Laplacian(small, lap, CV_64F);
            meanStdDev(lap, mean, dev);
            try (DoubleIndexer d = dev.createIndexer()) {
                double v = d.get(0) * d.get(0);
                return v / (v + 100);
            }
        }
    }
}
