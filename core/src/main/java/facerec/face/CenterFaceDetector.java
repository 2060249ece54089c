package facerec.face;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * CenterFace ("centerface") as a {@link Detector}: its boxes mapped to dlib's geometry, and
 * parts of an image looked at on their own (a tile of a large frame, the square around a face
 * that was tracked there), at a scale of their own.
 */
public final class CenterFaceDetector implements Detector {
    private final CenterFace centerface;
    private final int upsample;

    CenterFaceDetector(Path model, int upsample) {
        this.centerface = new CenterFace(model);
        this.upsample = upsample;
    }

    @Override
    public List<Detection> locate(Mat rgb) {
        double scale = Math.min(1 << upsample, CenterFace.MAX_SIDE / (double) Math.max(rgb.cols(), rgb.rows()));
        return locate(rgb, new Box(0, rgb.cols(), rgb.rows(), 0), scale);
    }

    /** The faces in a part of the image, given to the network at {@code scale} times its size. */
    public List<Detection> locate(Mat rgb, Box part, double scale) {
        List<Detection> found = new ArrayList<>();
        try (org.bytedeco.opencv.opencv_core.Rect r = new org.bytedeco.opencv.opencv_core.Rect(part.left(), part.top(),
                part.width(), part.height()); Mat view = new Mat(rgb, r)) {
            for (CenterFace.Face f : centerface.detect(view, scale, CenterFace.THRESHOLD)) {
                // In dlib's geometry, which the shape predictor that aligns faces was trained on.
                Box b = CenterFace.dlibBox(f.box());
                found.add(new Detection(new Box(b.top() + part.top(), b.right() + part.left(), b.bottom() + part.top(),
                        b.left() + part.left()).trim(rgb.cols(), rgb.rows()), f.score()));
            }
        }
        return found;
    }

    @Override
    public void close() {
        centerface.close();
    }
}
