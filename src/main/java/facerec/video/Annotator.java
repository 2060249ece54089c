package facerec.video;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import facerec.face.Box;
import java.util.Locale;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws a box and a label per face on a BGR frame: a colour per person (the same in every
 * video), {@code Unknown} in red, the label on a filled band so it reads on any background.
 */
public final class Annotator {
    private static final double[][] PALETTE = {
        {75, 180, 60}, {200, 130, 0}, {0, 200, 255}, {180, 30, 145}, {240, 240, 70}, {48, 130, 245},
        {230, 50, 240}, {60, 245, 210}, {190, 190, 250}, {128, 128, 0}, {195, 255, 170}, {0, 128, 128},
    };
    private static final double[] UNKNOWN = {40, 40, 230};

    private Annotator() {}

    /** The BGR colour of a person: fixed by the name, so a person keeps it across videos. */
    public static double[] colour(String name, boolean unknown) {
        return unknown ? UNKNOWN : PALETTE[Math.floorMod(name.hashCode(), PALETTE.length)];
    }

    public static String label(String name, double distance, boolean showDistance) {
        return showDistance ? String.format(Locale.ROOT, "%s %.2f", name, distance) : name;
    }

    private static double luminance(double[] bgr) {
        return 0.114 * bgr[0] + 0.587 * bgr[1] + 0.299 * bgr[2];
    }

    /** Draws one face; sizes follow the frame's width so labels read at 360p and at 4K. */
    public static void draw(Mat bgr, Box box, String label, double[] bgrColour) {
        double unit = Math.max(1.0, bgr.cols() / 640.0);
        int thickness = (int) Math.round(2 * unit);
        double fontScale = 0.6 * unit;
        try (Scalar colour = new Scalar(bgrColour[0], bgrColour[1], bgrColour[2], 0);
                Scalar ink = luminance(bgrColour) > 150 ? new Scalar(0, 0, 0, 0) : new Scalar(255, 255, 255, 0);
                Point topLeft = new Point(box.left(), box.top());
                Point bottomRight = new Point(box.right(), box.bottom());
                IntPointer baseline = new IntPointer(1)) {
            rectangle(bgr, topLeft, bottomRight, colour, thickness, LINE_AA, 0);
            try (Size text = getTextSize(label, FONT_HERSHEY_SIMPLEX, fontScale, thickness / 2 + 1, baseline)) {
                int pad = (int) Math.round(4 * unit);
                int bandHeight = text.height() + 2 * pad;
                // Above the box when it fits, else just inside its top edge.
                int bandTop = box.top() - bandHeight >= 0 ? box.top() - bandHeight : box.top();
                try (Point a = new Point(box.left(), bandTop);
                        Point b = new Point(box.left() + text.width() + 2 * pad, bandTop + bandHeight);
                        Point origin = new Point(box.left() + pad, bandTop + bandHeight - pad)) {
                    rectangle(bgr, a, b, colour, FILLED, LINE_AA, 0);
                    putText(bgr, label, origin, FONT_HERSHEY_SIMPLEX, fontScale, ink, thickness / 2 + 1, LINE_AA, false);
                }
            }
        }
    }
}
