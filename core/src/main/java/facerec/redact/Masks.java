package facerec.redact;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.stackBlur;

import facerec.face.Box;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Masks painted on a frame in place. Each hides what it covers beyond recognition: the blur's
 * kernel is half the mask's size (a stack blur, whose cost does not grow with it), the
 * pixelation keeps about 8 blocks across, the solid mask is black.
 */
public final class Masks {
    /** Blocks across a pixelated mask: a face of 8 blocks is not recognizable, a head's outline still is a head. */
    static final int BLOCKS = 8;

    private Masks() {}

    /** Paints each region (clipped to the frame) with the style, in the shape. */
    public static void paint(Mat bgr, List<Box> regions, Redaction.Style style, Redaction.Shape shape) {
        for (Box region : regions) {
            Box b = region.trim(bgr.cols(), bgr.rows());
            if (b.width() < 1 || b.height() < 1) {
                continue;
            }
            try (Rect rect = new Rect(b.left(), b.top(), b.width(), b.height()); Mat roi = new Mat(bgr, rect);
                    Mat masked = hidden(roi, style)) {
                if (shape == Redaction.Shape.BOX) {
                    masked.copyTo(roi);
                } else {
                    try (Mat inside = ellipseMask(b.width(), b.height())) {
                        masked.copyTo(roi, inside);
                    }
                }
            }
        }
    }

    /** What the region becomes: a new Mat of its size, for the caller to close. */
    private static Mat hidden(Mat roi, Redaction.Style style) {
        Mat out = new Mat();
        switch (style) {
            case BLUR -> {
                int k = Math.max(3, Math.max(roi.cols(), roi.rows()) / 2) | 1;
                try (Size size = new Size(k, k)) {
                    stackBlur(roi, out, size);
                }
            }
            case PIXELATE -> {
                int w = Math.max(1, Math.min(BLOCKS, roi.cols()));
                int h = Math.max(1, (int) Math.round(w * roi.rows() / (double) roi.cols()));
                try (Mat small = new Mat(); Size down = new Size(w, h); Size up = new Size(roi.cols(), roi.rows())) {
                    resize(roi, small, down, 0, 0, INTER_AREA);
                    resize(small, out, up, 0, 0, INTER_NEAREST);
                }
            }
            case SOLID -> {
                try (Scalar black = new Scalar(0, 0, 0, 0)) {
                    out.create(roi.rows(), roi.cols(), roi.type());
                    out.put(black);
                }
            }
        }
        return out;
    }

    /** The ellipse inscribed in a w x h region, as a mask of 255 inside and 0 outside. */
    private static Mat ellipseMask(int w, int h) {
        Mat mask;
        try (Scalar zero = new Scalar(0)) {
            mask = new Mat(h, w, CV_8UC1, zero);
        }
        try (Point centre = new Point(w / 2, h / 2); Size axes = new Size(Math.max(1, w / 2), Math.max(1, h / 2));
                Scalar white = new Scalar(255)) {
            ellipse(mask, centre, axes, 0, 0, 360, white, FILLED, LINE_8, 0);
        }
        return mask;
    }
}
