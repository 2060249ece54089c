package facerec.face;

import facerec.dlib.Dlib;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds faces in an RGB image, as boxes in dlib's geometry (the one the shape predictor that
 * aligns them was trained on), trimmed to the image, best first. A new detector is one more
 * implementation, made in {@link #open}. Holds a native model: one per thread, closed when done.
 */
public interface Detector extends AutoCloseable {
    /** The faces in the whole image. */
    List<Detection> locate(Mat rgb);

    @Override
    void close();

    /** The model file that {@code method} loads, resolved (and so checked) before anything loads; null for none. */
    static Path model(Models models, FaceSettings.Method method) {
        return switch (method) {
            case HOG -> null;
            case CNN -> models.file(Models.CNN_DETECTOR);
            case CENTERFACE -> models.file(Models.CENTERFACE);
        };
    }

    /** The detector of the settings, from its {@link #model}. */
    static Detector open(FaceSettings settings, Path model, FaceAnalyzer.Convolution convolution) {
        return switch (settings.method()) {
            case HOG -> new Hog(settings.upsample());
            case CNN -> new Cnn(model, settings.upsample(), convolution == FaceAnalyzer.Convolution.DLIB);
            case CENTERFACE -> new CenterFaceDetector(model, settings.upsample());
        };
    }

    /** dlib's boxes and scores, as dlib's detectors leave them. */
    private static List<Detection> found(Dlib.Detections dets, int n, Mat rgb) {
        int[] ltrb = new int[4 * n];
        double[] scores = new double[n];
        dets.boxes(ltrb);
        dets.scores(scores);
        List<Detection> found = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Box raw = new Box(ltrb[4 * i + 1], ltrb[4 * i + 2], ltrb[4 * i + 3], ltrb[4 * i]);
            found.add(new Detection(raw.trim(rgb.cols(), rgb.rows()), scores[i]));
        }
        return found;
    }

    /** dlib's HOG detector, face_recognition's default ("hog"). */
    final class Hog implements Detector {
        private final Dlib.HogDetector hog = new Dlib.HogDetector();
        private final int upsample;

        Hog(int upsample) {
            this.upsample = upsample;
        }

        @Override
        public List<Detection> locate(Mat rgb) {
            return found(hog, hog.detect(rgb.arrayData(), rgb.cols(), rgb.rows(), FaceAnalyzer.stride(rgb), upsample), rgb);
        }

        @Override
        public void close() {
            hog.close();
        }
    }

    /** dlib's MMOD CNN ("cnn"), the tutorial's own default. */
    final class Cnn implements Detector {
        private final Dlib.CnnDetector cnn;
        private final int upsample;

        Cnn(Path model, int upsample, boolean dlibConvolution) {
            this.cnn = new Dlib.CnnDetector(model.toString(), dlibConvolution);
            this.upsample = upsample;
        }

        @Override
        public List<Detection> locate(Mat rgb) {
            return found(cnn, cnn.detect(rgb.arrayData(), rgb.cols(), rgb.rows(), FaceAnalyzer.stride(rgb), upsample), rgb);
        }

        @Override
        public void close() {
            cnn.close();
        }
    }
}
