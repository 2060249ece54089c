package facerec.face;

import facerec.FacerecException;
import facerec.dlib.Dlib;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds, aligns and embeds faces in one RGB image: face_recognition's face_locations,
 * face_landmarks and face_encodings over dlib's native models.
 *
 * <p>Holds native dlib objects, which are not thread-safe: give each thread its own, and
 * close it when done.
 */
public final class FaceAnalyzer implements AutoCloseable {
    private final FaceSettings settings;
    private final Detector detector;
    private final Dlib.ShapePredictor predictor;
    private final Dlib.FaceEncoder encoder;
    private final StageTimes times;

    /** The convolutions that the CNN detector and the encoder run. */
    public enum Convolution {
        /**
         * The binding's ({@code facerec_banded_con.h}): a fifth of dlib's time, and dlib's numbers
         * to the bit wherever its check at first use finds OpenBLAS's order of sums.
         */
        FACEREC,
        /** dlib's own, as dlib declares the networks: the yardstick of the tests and benchmarks. */
        DLIB
    }

    public FaceAnalyzer(Models models, FaceSettings settings) {
        this(models, settings, new StageTimes());
    }

    public FaceAnalyzer(Models models, FaceSettings settings, StageTimes times) {
        this(models, settings, times, Convolution.FACEREC);
    }

    /** Loads the models the settings call for; every model file must exist and load. */
    public FaceAnalyzer(Models models, FaceSettings settings, StageTimes times, Convolution convolution) {
        this.settings = settings;
        this.times = times;
        // Resolve every file first, so that a missing one is reported before any slow load.
        java.nio.file.Path detectorModel = Detector.model(models, settings.method());
        String predictorPath = models.landmarks(settings.landmarks()).toString();
        String encoderPath = models.file(Models.ENCODER).toString();
        try {
            this.detector = Detector.open(settings, detectorModel, convolution);
            this.predictor = new Dlib.ShapePredictor(predictorPath);
            this.encoder = new Dlib.FaceEncoder(encoderPath, convolution == Convolution.DLIB);
        } catch (RuntimeException e) {
            close();
            // The native message already names the file and what broke in it.
            throw new FacerecException(e.getMessage(), e);
        }
        if (predictor.numParts() != settings.landmarks()) {
            close();
            throw new FacerecException(predictorPath + " has " + predictor.numParts() + " landmarks, expected "
                    + settings.landmarks());
        }
    }

    /**
     * The most pixels a detector may be given after upsampling: each upsampling quadruples the
     * image, and dlib holds it and its pyramid in memory (a 4000 x 5000 photo upsampled twice
     * took 3.9 GB). 256 million is a 12-megapixel photo upsampled twice, with room to spare.
     */
    public static final long MAX_DETECTION_PIXELS = 256_000_000L;

    /** How many pixels the detector works on for an image of this size. */
    public static long detectionPixels(int width, int height, int upsample) {
        return (long) width * height << (2 * upsample);
    }

    public FaceSettings settings() {
        return settings;
    }

    /**
     * face_recognition.face_locations: boxes in image pixels, trimmed to the image, best first.
     */
    public List<Detection> locate(Mat rgb) {
        checkRgb(rgb);
        long t0 = System.nanoTime();
        List<Detection> found = detector.locate(rgb);
        times.detectNanos.add(System.nanoTime() - t0);
        return found;
    }

    /**
     * CenterFace's faces in a part of an RGB image (in image pixels, dlib's geometry), the part
     * given to the network at {@code scale} times its size: a tile of a large frame, or the
     * square around a face that was tracked there.
     */
    public List<Detection> locate(Mat rgb, Box part, double scale) {
        checkRgb(rgb);
        if (!(detector instanceof CenterFaceDetector centerface)) {
            throw new IllegalStateException("parts of a frame are detected by CenterFace only");
        }
        long t0 = System.nanoTime();
        List<Detection> found = centerface.locate(rgb, part, scale);
        times.detectNanos.add(System.nanoTime() - t0);
        return found;
    }

    /** The aligner's landmarks inside a box, as (x, y) pairs: 5 or 68 points. */
    public int[] landmarks(Mat rgb, Box box) {
        checkRgb(rgb);
        long t0 = System.nanoTime();
        int[] xy = new int[2 * settings.landmarks()];
        predictor.predict(rgb.arrayData(), rgb.cols(), rgb.rows(), stride(rgb),
                box.left(), box.top(), box.right(), box.bottom(), xy);
        times.alignNanos.add(System.nanoTime() - t0);
        return xy;
    }

    /** face_recognition.face_encodings(image, boxes): one 128-d embedding per box. */
    public double[][] encode(Mat rgb, List<Box> boxes) {
        return encode(rgb, boxes, null);
    }

    /** As {@link #encode(Mat, List)}, and the landmarks it aligned each face by, into {@code landmarks} (when not null). */
    public double[][] encode(Mat rgb, List<Box> boxes, int[][] landmarks) {
        List<int[]> points = new ArrayList<>(boxes.size());
        for (int f = 0; f < boxes.size(); f++) {
            points.add(landmarks(rgb, boxes.get(f)));
            if (landmarks != null) {
                landmarks[f] = points.get(f);
            }
        }
        return encodeAt(rgb, boxes, points);
    }

    /**
     * One embedding per box, each face aligned by the landmarks given (in the aligner's layout,
     * as {@link #landmarks} returns them) instead of the aligner's own: dlib's
     * compute_face_descriptor(image, shape).
     */
    public double[][] encodeAt(Mat rgb, List<Box> boxes, List<int[]> points) {
        if (boxes.isEmpty()) {
            return new double[0][];
        }
        checkRgb(rgb);
        int parts = settings.landmarks();
        int stride = 4 + 2 * parts;
        int[] shapes = new int[boxes.size() * stride];
        for (int f = 0; f < boxes.size(); f++) {
            Box b = boxes.get(f);
            if (points.get(f).length != 2 * parts) {
                throw new IllegalArgumentException(points.get(f).length / 2 + " landmarks for an aligner of " + parts);
            }
            int o = f * stride;
            shapes[o] = b.left();
            shapes[o + 1] = b.top();
            shapes[o + 2] = b.right();
            shapes[o + 3] = b.bottom();
            System.arraycopy(points.get(f), 0, shapes, o + 4, 2 * parts);
        }
        long t0 = System.nanoTime();
        double[] out = new double[128 * boxes.size()];
        encoder.encode(rgb.arrayData(), rgb.cols(), rgb.rows(), stride(rgb), boxes.size(), parts, shapes,
                settings.jitters(), out);
        times.embedNanos.add(System.nanoTime() - t0);
        double[][] embeddings = new double[boxes.size()][];
        for (int f = 0; f < boxes.size(); f++) {
            embeddings[f] = java.util.Arrays.copyOfRange(out, 128 * f, 128 * (f + 1));
        }
        return embeddings;
    }

    /**
     * face_recognition.face_distance: Euclidean distance between two embeddings. The one
     * distance of the tool, whatever holds the numbers; the overloads below serve the matchers.
     */
    public static double distance(double[] a, double[] b) {
        return distance(a, 0, b);
    }

    /** The distance from {@code b} to the embedding at {@code offset} of {@code packed}, a store's embeddings end to end. */
    public static double distance(double[] packed, int offset, double[] b) {
        double sum = 0;
        for (int i = 0; i < b.length; i++) {
            double d = packed[offset + i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** The distance between two embeddings kept in floats (the coded matcher's candidates). */
    public static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** An RGB image's row stride in bytes, as dlib's calls take it. */
    static int stride(Mat rgb) {
        return Math.toIntExact(rgb.arrayStep());
    }

    private static void checkRgb(Mat rgb) {
        if (rgb.channels() != 3 || rgb.depth() != org.bytedeco.opencv.global.opencv_core.CV_8U || rgb.empty()) {
            throw new IllegalArgumentException("expected a non-empty 8-bit 3-channel RGB image");
        }
    }

    @Override
    public void close() {
        for (var p : new org.bytedeco.javacpp.Pointer[] {predictor, encoder}) {
            if (p != null) {
                p.close();
            }
        }
        if (detector != null) {
            detector.close();
        }
    }
}
