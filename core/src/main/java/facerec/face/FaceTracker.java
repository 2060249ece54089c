package facerec.face;

import facerec.dlib.Dlib;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_tracking.TrackerKCF;

/**
 * Follows one face from frame to frame: a few milliseconds a frame, where detecting and
 * embedding it again costs tens. Two kinds, chosen by measurement (README): OpenCV's KCF
 * (kernelized correlation filter, fixed box size, fastest) and dlib's correlation tracker
 * (scale-adaptive, several times slower). A large face is followed on a smaller copy of the
 * frame ({@link Pyramid}). Holds native objects: one thread, and close it.
 */
public abstract sealed class FaceTracker implements AutoCloseable {
    /** The pyramid level that this face is followed on; boxes in and out are level 0's. */
    private int level;
    public enum Kind {
        KCF, DLIB;

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    /** Starts following the face in {@code box} (in level 0's pixels) of this frame. */
    public static FaceTracker start(Kind kind, Pyramid frame, Box box) {
        int level = Pyramid.levelFor(box);
        Mat rgb = frame.level(level);
        Box small = box.scale(1.0 / (1 << level)).trim(rgb.cols(), rgb.rows());
        FaceTracker t = kind == Kind.KCF ? new Kcf(rgb, small) : new DlibCorrelation(rgb, small);
        t.level = level;
        return t;
    }

    /** Moves the box to where the face is in this frame; returns it in level 0's pixels, trimmed to it. */
    public Box update(Pyramid frame) {
        Mat base = frame.level(0);
        return follow(frame.level(level)).scale(1 << level).trim(base.cols(), base.rows());
    }

    /** The box in this image, of the tracker's own level, trimmed to it. */
    abstract Box follow(Mat rgb);

    /** Whether the last update lost the face (then the frame should be detected again). */
    public abstract boolean lost();

    @Override
    public abstract void close();

    /**
     * OpenCV's KCF, given two things that keep its cost to the face's own pixels.
     *
     * <p>It clones and, for a patch over its limit, halves the whole image it is given on every
     * update, so it is given a window of the frame around the face: a copy of at most {@link
     * #WINDOW_SIDES} face widths a side instead of the 1536x864 frame that CenterFace tracks
     * 1080p video on. The window stays where it was put for the tracker's life (one chunk), with
     * its origin and size even so that KCF's halving samples the frame's own pixel pairs.
     *
     * <p>Its Fourier transforms are as large as its patch (the box, or twice a box under its
     * limit), and OpenCV's DFT takes a size with a large prime factor by a slow generic radix:
     * {@code perf} on a 1080p run put a fifth of all CPU time in that loop. So the box given to KCF
     * is widened to the next size whose only prime factors are 2, 3 and 5 ({@link #smooth}), at
     * most 16% more from 8 pixels up, and the box given back is the face's own size around KCF's centre.
     */
    static final class Kcf extends FaceTracker {
        /**
         * The window's side in face widths: KCF looks within half a face width around the box,
         * and a face rarely moves more than a width between two detections.
         */
        static final int WINDOW_SIDES = 4;

        private final TrackerKCF tracker = create();
        private final Rect window;
        private final Rect rect;
        private final int width;
        private final int height;
        private boolean lost;

        Kcf(Mat rgb, Box box) {
            width = box.width();
            height = box.height();
            window = window(box, rgb.cols(), rgb.rows());
            int w = smooth(width), h = smooth(height);
            rect = new Rect(box.left() - window.x() - (w - width) / 2, box.top() - window.y() - (h - height) / 2, w, h);
            try (Mat part = new Mat(rgb, window)) {
                tracker.init(part, rect);
                // KCF learns the face on its first update, not at init: on the next frame it would
                // learn the face where it was and be one frame's move behind for the chunk.
                tracker.update(part, rect);
            }
        }

        /** The even-aligned window of about {@link #WINDOW_SIDES} face sides around {@code box}, within the image. */
        static Rect window(Box box, int imageWidth, int imageHeight) {
            int margin = (WINDOW_SIDES - 1) * Math.max(box.width(), box.height()) / 2;
            int left = Math.max(0, box.left() - margin) & ~1, top = Math.max(0, box.top() - margin) & ~1;
            int right = Math.min(imageWidth, box.right() + margin), bottom = Math.min(imageHeight, box.bottom() + margin);
            int w = Math.max(2, (right - left) & ~1), h = Math.max(2, (bottom - top) & ~1);
            return new Rect(left, top, Math.min(w, imageWidth - left), Math.min(h, imageHeight - top));
        }

        /** The smallest number from {@code n} up whose prime factors are all 2, 3 or 5. */
        static int smooth(int n) {
            for (int m = Math.max(1, n);; m++) {
                int r = m;
                for (int p : new int[] {2, 3, 5}) {
                    while (r % p == 0) {
                        r /= p;
                    }
                }
                if (r == 1) {
                    return m;
                }
            }
        }

        /**
         * Patches of at most 40x40 pixels instead of OpenCV's 80x80: a quarter of the work, and
         * enough for a face that is detected again every few frames anyway (measured in
         * scripts/bench-recognize.sh; OpenCV's cheaper grey-only settings fail its own assertions).
         */
        private static TrackerKCF create() {
            try (TrackerKCF.Params p = new TrackerKCF.Params()) {
                return TrackerKCF.create(p.max_patch_size(40 * 40));
            }
        }

        @Override
        Box follow(Mat rgb) {
            try (Mat part = new Mat(rgb, window)) {
                lost = !tracker.update(part, rect);
            }
            int left = window.x() + rect.x() + (rect.width() - width) / 2, top = window.y() + rect.y() + (rect.height() - height) / 2;
            return new Box(top, left + width, top + height, left).trim(rgb.cols(), rgb.rows());
        }

        @Override
        public boolean lost() {
            return lost;
        }

        @Override
        public void close() {
            tracker.close();
            rect.close();
            window.close();
        }
    }

    static final class DlibCorrelation extends FaceTracker {
        /** Below this peak-to-side-lobe ratio dlib's tracker has most likely lost the face. */
        static final double LOST = 7.0;

        private final Dlib.CorrelationTracker tracker = new Dlib.CorrelationTracker();
        private double confidence = Double.POSITIVE_INFINITY;

        DlibCorrelation(Mat rgb, Box box) {
            tracker.start(rgb.arrayData(), rgb.cols(), rgb.rows(), Math.toIntExact(rgb.arrayStep()), box.left(), box.top(),
                    box.right(), box.bottom());
        }

        @Override
        Box follow(Mat rgb) {
            confidence = tracker.update(rgb.arrayData(), rgb.cols(), rgb.rows(), Math.toIntExact(rgb.arrayStep()));
            int[] ltrb = new int[4];
            tracker.position(ltrb);
            return new Box(ltrb[1], ltrb[2], ltrb[3], ltrb[0]).trim(rgb.cols(), rgb.rows());
        }

        @Override
        public boolean lost() {
            return confidence < LOST;
        }

        @Override
        public void close() {
            tracker.close();
        }
    }
}
