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

    static final class Kcf extends FaceTracker {
        private final TrackerKCF tracker = create();
        private final Rect rect;
        private boolean lost;

        Kcf(Mat rgb, Box box) {
            rect = new Rect(box.left(), box.top(), box.width(), box.height());
            tracker.init(rgb, rect);
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
            lost = !tracker.update(rgb, rect);
            return new Box(rect.y(), rect.x() + rect.width(), rect.y() + rect.height(), rect.x()).trim(rgb.cols(), rgb.rows());
        }

        @Override
        public boolean lost() {
            return lost;
        }

        @Override
        public void close() {
            tracker.close();
            rect.close();
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
