package facerec.recognize;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import facerec.face.Box;
import java.util.BitSet;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Where a shot's picture changed since CenterFace last looked at it. A face that comes into a
 * shot (walks in, turns to the camera, looks up) changes the pixels where it comes; where the
 * pixels are as they were when the detector last looked, it would find what it found then. So
 * {@link Hunt} looks at a tile of the frame again where the picture changed, instead of at every
 * tile in turn, and at a still shot's tiles only in a slow sweep ({@link Hunt#SWEEP}).
 *
 * <p>Two keyframes are compared on their views: the frame at the coarse pass's size (about
 * 60,000 pixels, so a 20-pixel face at 1080p is 3 or 4 of them), where compression's noise is
 * averaged away. A pixel has changed where one of its channels moved by more than {@link
 * #DIFF}; pixels inside the squares around the faces that the shot shows do not count, since
 * those squares are looked at anyway.
 */
final class Changes {
    /**
     * A channel's change, of 255, above which a pixel of the view has changed: above what
     * compression and a camera's noise make on a still picture at this size, under what a face
     * coming in makes.
     */
    static final int DIFF = 24;

    private Changes() {}

    /** A keyframe's view: the RGB frame at {@code width} by {@code height}, as bytes kept in Java. */
    static byte[] view(Mat rgb, int width, int height) {
        try (Mat small = new Mat(); Size size = new Size(width, height)) {
            resize(rgb, small, size, 0, 0, INTER_AREA);
            return Cuts.bytes(small);
        }
    }

    /**
     * The pixels that changed from view {@code before} to {@code after}, both {@code width} by
     * {@code height} RGB, but those in {@code squares}, which are in the frame's pixels, {@code
     * scale} times the view's. A pixel is bit {@code y * width + x}.
     */
    static BitSet changed(byte[] before, byte[] after, int width, int height, double scale, List<Box> squares) {
        BitSet changed = new BitSet(width * height);
        for (int p = 0; p < width * height; p++) {
            if (changed(before, after, 3 * p)) {
                changed.set(p);
            }
        }
        for (Box s : squares) {
            clear(changed, width, height, scale, s);
        }
        return changed;
    }

    /** Per part of the frame (in the frame's pixels, {@code scale} times the view's), the pixels set in it. */
    static int[] count(BitSet pixels, int width, int height, double scale, List<Box> parts) {
        // A summed-area table, so that each part's count costs four reads.
        int[] sums = new int[(width + 1) * (height + 1)];
        for (int y = 0; y < height; y++) {
            int row = 0;
            for (int x = 0; x < width; x++) {
                row += pixels.get(y * width + x) ? 1 : 0;
                sums[(y + 1) * (width + 1) + x + 1] = sums[y * (width + 1) + x + 1] + row;
            }
        }
        int[] counts = new int[parts.size()];
        for (int t = 0; t < counts.length; t++) {
            Box v = toView(parts.get(t), scale, width, height);
            counts[t] = sums[v.bottom() * (width + 1) + v.right()] - sums[v.top() * (width + 1) + v.right()]
                    - sums[v.bottom() * (width + 1) + v.left()] + sums[v.top() * (width + 1) + v.left()];
        }
        return counts;
    }

    /** Clears the pixels of a part of the frame (in the frame's pixels, {@code scale} times the view's). */
    static void clear(BitSet pixels, int width, int height, double scale, Box part) {
        Box v = toView(part, scale, width, height);
        for (int y = v.top(); y < v.bottom(); y++) {
            pixels.clear(y * width + v.left(), y * width + v.right());
        }
    }

    private static boolean changed(byte[] before, byte[] after, int i) {
        for (int c = 0; c < 3; c++) {
            if (Math.abs((before[i + c] & 0xff) - (after[i + c] & 0xff)) > DIFF) {
                return true;
            }
        }
        return false;
    }

    /** A box of the frame in the view's pixels, widened to whole pixels and kept inside the view. */
    private static Box toView(Box b, double scale, int width, int height) {
        int left = Math.max(0, (int) Math.floor(b.left() / scale)), top = Math.max(0, (int) Math.floor(b.top() / scale));
        int right = Math.min(width, (int) Math.ceil(b.right() / scale)), bottom = Math.min(height, (int) Math.ceil(b.bottom() / scale));
        return new Box(top, Math.max(left, right), Math.max(top, bottom), left);
    }
}
