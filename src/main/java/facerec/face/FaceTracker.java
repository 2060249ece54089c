package facerec.face;

import facerec.dlib.Dlib;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Follows one face from frame to frame with dlib's correlation tracker: a few milliseconds a
 * frame, where detecting and embedding again costs tens. Holds a native object: one thread,
 * and close it.
 */
public final class FaceTracker implements AutoCloseable {
    /** Below this peak-to-side-lobe ratio the tracker has most likely lost the face. */
    public static final double LOST = 7.0;

    private final Dlib.CorrelationTracker tracker = new Dlib.CorrelationTracker();
    private double confidence = Double.POSITIVE_INFINITY;

    public FaceTracker(Mat rgb, Box box) {
        tracker.start(rgb.arrayData(), rgb.cols(), rgb.rows(), Math.toIntExact(rgb.arrayStep()), box.left(), box.top(),
                box.right(), box.bottom());
    }

    /** Moves the box to where the face is in this frame; returns it, trimmed to the frame. */
    public Box update(Mat rgb) {
        confidence = tracker.update(rgb.arrayData(), rgb.cols(), rgb.rows(), Math.toIntExact(rgb.arrayStep()));
        int[] ltrb = new int[4];
        tracker.position(ltrb);
        return new Box(ltrb[1], ltrb[2], ltrb[3], ltrb[0]).trim(rgb.cols(), rgb.rows());
    }

    /** The last update's peak-to-side-lobe ratio. */
    public double confidence() {
        return confidence;
    }

    @Override
    public void close() {
        tracker.close();
    }
}
