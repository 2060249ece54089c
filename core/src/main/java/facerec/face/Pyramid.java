package facerec.face;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * One frame at halving sizes, each made when a tracker first asks for it. A correlation
 * tracker's cost grows with its face's area: OpenCV's KCF halves a large patch once and no
 * more, so a face of 290 pixels (a 720p close-up at CenterFace's scale) cost it 50 ms a frame.
 * Such a face is followed on a copy where it is at most {@link #TRACKED_SIDE} pixels, which is
 * as much as a correlation filter needs to hold it for the few frames until the next detection.
 */
public final class Pyramid implements AutoCloseable {
    /**
     * The largest side of a face that is tracked at full size. HOG's faces at the tutorial's
     * width of 400 are rarely larger, so its tracking is unchanged but for close-ups.
     */
    public static final int TRACKED_SIDE = 128;

    /** Level 0 is the caller's image; the others are this pyramid's own. */
    private final List<Mat> levels = new ArrayList<>();

    /** @param base level 0, which stays the caller's to close */
    public Pyramid(Mat base) {
        levels.add(base);
    }

    /** The image at half the size {@code level} times. */
    public Mat level(int level) {
        while (levels.size() <= level) {
            Mat previous = levels.get(levels.size() - 1);
            Mat half = new Mat();
            try (Size size = new Size(Math.max(1, previous.cols() / 2), Math.max(1, previous.rows() / 2))) {
                resize(previous, half, size, 0, 0, INTER_AREA);
            }
            levels.add(half);
        }
        return levels.get(level);
    }

    /** The level at which a box of level 0 is followed: the first where it is at most {@link #TRACKED_SIDE}. */
    public static int levelFor(Box box) {
        int level = 0;
        while (Math.max(box.width(), box.height()) >> level > TRACKED_SIDE) {
            level++;
        }
        return level;
    }

    @Override
    public void close() {
        for (int i = 1; i < levels.size(); i++) {
            levels.get(i).close();
        }
        levels.subList(1, levels.size()).clear();
    }
}
