package facerec.draw;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import facerec.face.Box;
import java.text.Normalizer;
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

    /**
     * The text drawn beside a face: the name, and after it the distance when asked. They are
     * kept apart, so that only the name is shortened to fit, whatever digits it holds.
     */
    public record Label(String name, String tail) {
        public String text() {
            return name + tail;
        }
    }

    /**
     * The label of a face. OpenCV's Hershey fonts draw ASCII only: accents are dropped (Zoë as
     * Zoe), any other character becomes '?', so a name never turns into a row of boxes.
     */
    public static Label label(String name, double distance, boolean showDistance) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .replaceAll("[^\\x20-\\x7e]", "?");
        return new Label(ascii, showDistance ? String.format(Locale.ROOT, " %.2f", distance) : "");
    }

    /**
     * The label's text, its name cut to its longest start that fits the frame's width with ".."
     * (two characters at least). A longer start is never narrower, so a binary search finds it
     * in a few measurements, however long the name.
     */
    static String fit(Label label, int width, double fontScale, int thickness) {
        String name = label.name();
        if (fits(label.text(), width, fontScale, thickness) || name.length() <= 2) {
            return label.text();
        }
        int lo = 2, hi = name.length() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (fits(name.substring(0, mid) + ".." + label.tail(), width, fontScale, thickness)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return name.substring(0, lo) + ".." + label.tail();
    }

    private static boolean fits(String text, int width, double fontScale, int thickness) {
        try (IntPointer baseline = new IntPointer(1);
                Size size = getTextSize(text, FONT_HERSHEY_SIMPLEX, fontScale, thickness, baseline)) {
            return size.width() + 16 <= width;
        }
    }

    private static double luminance(double[] bgr) {
        return 0.114 * bgr[0] + 0.587 * bgr[1] + 0.299 * bgr[2];
    }

    /** Draws one face; sizes follow the frame's width so labels read at 360p and at 4K. */
    public static void draw(Mat bgr, Box box, Label label, double[] bgrColour) {
        double unit = Math.max(1.0, bgr.cols() / 640.0);
        int thickness = (int) Math.round(2 * unit);
        double fontScale = 0.6 * unit;
        try (Scalar colour = new Scalar(bgrColour[0], bgrColour[1], bgrColour[2], 0);
                Scalar ink = luminance(bgrColour) > 150 ? new Scalar(0, 0, 0, 0) : new Scalar(255, 255, 255, 0);
                Point topLeft = new Point(box.left(), box.top());
                Point bottomRight = new Point(box.right(), box.bottom());
                IntPointer baseline = new IntPointer(1)) {
            rectangle(bgr, topLeft, bottomRight, colour, thickness, LINE_AA, 0);
            String shown = fit(label, bgr.cols(), fontScale, thickness / 2 + 1);
            try (Size text = getTextSize(shown, FONT_HERSHEY_SIMPLEX, fontScale, thickness / 2 + 1, baseline)) {
                int pad = (int) Math.round(4 * unit);
                int bandHeight = text.height() + 2 * pad;
                int bandWidth = text.width() + 2 * pad;
                // Above the box when it fits, else just inside its top edge; moved left to stay in the frame.
                int bandTop = box.top() - bandHeight >= 0 ? box.top() - bandHeight : box.top();
                int bandLeft = Math.max(0, Math.min(box.left(), bgr.cols() - bandWidth));
                try (Point a = new Point(bandLeft, bandTop);
                        Point b = new Point(bandLeft + bandWidth, bandTop + bandHeight);
                        Point origin = new Point(bandLeft + pad, bandTop + bandHeight - pad)) {
                    rectangle(bgr, a, b, colour, FILLED, LINE_AA, 0);
                    putText(bgr, shown, origin, FONT_HERSHEY_SIMPLEX, fontScale, ink, thickness / 2 + 1, LINE_AA, false);
                }
            }
        }
    }
}
