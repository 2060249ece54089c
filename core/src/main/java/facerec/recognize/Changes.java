package facerec.recognize;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import facerec.face.Box;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Where a shot's picture changed since CenterFace last looked at it. A face that comes into a
 * shot (walks in, turns to the camera, looks up) changes the pixels where it comes; where the
 * pixels are as they were when the detector last looked, it would find what it found then. So
 * {@link Hunt} looks at a tile of the frame again only where the picture changed, instead of at
 * every tile in turn, and at no tile of a still shot.
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

    /** Per tile, the changed pixels that lie in it, and all the changed pixels of the frame. */
    record Change(int[] tiles, int total) {}

    /** A keyframe's view: the RGB frame at {@code width} by {@code height}, as bytes kept in Java. */
    static byte[] view(Mat rgb, int width, int height) {
        try (Mat small = new Mat(); Size size = new Size(width, height)) {
            resize(rgb, small, size, 0, 0, INTER_AREA);
            return Cuts.bytes(small);
        }
    }

    /**
     * The change from view {@code before} to {@code after}, both {@code width} by {@code height}
     * RGB, counted in {@code tiles}, and ignoring the pixels in {@code squares}; both are in the
     * frame's pixels, which are {@code scale} times the view's.
     */
    static Change count(byte[] before, byte[] after, int width, int height, double scale, List<Box> tiles,
            List<Box> squares) {
        boolean[] ignored = new boolean[width * height];
        for (Box s : squares) {
            Box v = toView(s, scale, width, height);
            for (int y = v.top(); y < v.bottom(); y++) {
                java.util.Arrays.fill(ignored, y * width + v.left(), y * width + v.right(), true);
            }
        }
        // A summed-area table of the changed pixels, so that each tile's count costs four reads.
        int[] sums = new int[(width + 1) * (height + 1)];
        int total = 0;
        for (int y = 0; y < height; y++) {
            int row = 0;
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (!ignored[p] && changed(before, after, 3 * p)) {
                    row++;
                    total++;
                }
                sums[(y + 1) * (width + 1) + x + 1] = sums[y * (width + 1) + x + 1] + row;
            }
        }
        int[] counts = new int[tiles.size()];
        for (int t = 0; t < counts.length; t++) {
            Box v = toView(tiles.get(t), scale, width, height);
            counts[t] = sums[v.bottom() * (width + 1) + v.right()] - sums[v.top() * (width + 1) + v.right()]
                    - sums[v.bottom() * (width + 1) + v.left()] + sums[v.top() * (width + 1) + v.left()];
        }
        return new Change(counts, total);
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
