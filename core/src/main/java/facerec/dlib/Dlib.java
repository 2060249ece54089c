package facerec.dlib;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.StdString;

/**
 * The JavaCPP binding of {@code src/main/cpp/facerec_dlib.h}: dlib's face detectors, shape
 * predictors and face encoder. The javacpp Maven plugin turns this class into
 * {@code libjniDlib.so}, with dlib and OpenBLAS linked in statically.
 *
 * <p>Images are passed as packed RGB bytes (a direct buffer or a native pointer) with width,
 * height and row stride. A C++ exception (a bad model file, a bad image) arrives as a
 * {@link RuntimeException} carrying the C++ message. Objects are not thread-safe: one per
 * thread. This is the raw binding; {@code facerec.face} wraps it for the rest of the code.
 */
@Platform(include = "facerec_dlib.h", compiler = "cpp14")
@Namespace("facerec")
public final class Dlib {
    static {
        Loader.load();
    }

    private Dlib() {}

    /** Caps OpenBLAS's own thread pool; 1 when the caller runs a worker per core. */
    public static native void setBlasThreads(int n);

    /**
     * Caps the thread pools of the OpenBLAS that JavaCV's OpenCV loads (two libraries, not the
     * one in this binding): idle, their threads spin. Returns how many pools were loaded and capped.
     */
    public static native int setOpenCvBlasThreads(int n);

    /**
     * The kernel OpenBLAS runs on this CPU ({@code Haswell}, {@code SkylakeX}, {@code Cooperlake},
     * ...: its own choice, or {@code OPENBLAS_CORETYPE}). The order of its sums, and so the last
     * bits of every convolution, depend on it.
     */
    public static native String blasCore();

    /** {@code dlib 20.0.1, OpenBLAS 0.3.21 (kernel SkylakeX)}: what the binding was built from, and runs. */
    public static native @StdString String versions();

    /**
     * {@code dlib.chinese_whispers_clustering}: {@code n} vectors of {@code dims} numbers, one
     * after another, are joined where closer than {@code threshold}; each gets a cluster label in
     * {@code labels}. Returns the number of clusters. Deterministic (dlib's fixed seed).
     */
    public static native int chineseWhispers(double[] vectors, int n, int dims, double threshold, int[] labels);

    /**
     * Points the process's stderr (descriptor 2) at /dev/null; returns a descriptor of the real
     * one for {@link #restoreStderr}, or -1 when nothing changed. Process-wide: see
     * {@code facerec.video.Images}, which brackets native image decoding with it.
     */
    public static native int quietStderr();

    public static native void restoreStderr(int saved);

    /** Faces found by the last {@code detect} call: (left, top, right, bottom) and a score each. */
    @Name("Detections")
    public static class Detections extends Pointer {
        static {
            Loader.load();
        }

        protected Detections() {}

        public native int count();

        public native void boxes(int[] ltrb);

        public native void scores(double[] out);
    }

    /** {@code dlib.get_frontal_face_detector()}. */
    @Name("HogDetector")
    public static class HogDetector extends Detections {
        static {
            Loader.load();
        }

        public HogDetector() {
            allocate();
        }

        private native void allocate();

        public native int detect(@Cast("const unsigned char*") ByteBuffer rgb, int width, int height, int stride,
                int upsample);

        public native int detect(@Cast("const unsigned char*") BytePointer rgb, int width, int height, int stride,
                int upsample);
    }

    /**
     * {@code dlib.cnn_face_detection_model_v1(path)}. With {@code dlibConvolution}, the network
     * as dlib declares it, the yardstick of tests and benchmarks; else the binding's, whose
     * convolutions take a fifth of the time ({@code facerec_banded_con.h}).
     */
    @Name("CnnDetector")
    public static class CnnDetector extends Detections {
        static {
            Loader.load();
        }

        public CnnDetector(String modelPath, boolean dlibConvolution) {
            allocate(new BytePointer(modelPath), dlibConvolution);
        }

        private native void allocate(@Cast("const char*") BytePointer path, @Cast("bool") boolean dlibConvolution);

        public native int detect(@Cast("const unsigned char*") ByteBuffer rgb, int width, int height, int stride,
                int upsample);

        public native int detect(@Cast("const unsigned char*") BytePointer rgb, int width, int height, int stride,
                int upsample);
    }

    /** {@code dlib.shape_predictor(path)}. */
    @Name("ShapePredictor")
    public static class ShapePredictor extends Pointer {
        static {
            Loader.load();
        }

        public ShapePredictor(String modelPath) {
            allocate(new BytePointer(modelPath));
        }

        private native void allocate(@Cast("const char*") BytePointer path);

        public native @Const int numParts();

        /** Writes numParts() (x, y) pairs into {@code xy}. */
        public native void predict(@Cast("const unsigned char*") ByteBuffer rgb, int width, int height, int stride,
                int left, int top, int right, int bottom, int[] xy);

        public native void predict(@Cast("const unsigned char*") BytePointer rgb, int width, int height, int stride,
                int left, int top, int right, int bottom, int[] xy);
    }

    /** {@code dlib.face_recognition_model_v1(path)}; {@code dlibConvolution} as for {@link CnnDetector}. */
    @Name("FaceEncoder")
    public static class FaceEncoder extends Pointer {
        static {
            Loader.load();
        }

        public FaceEncoder(String modelPath, boolean dlibConvolution) {
            allocate(new BytePointer(modelPath), dlibConvolution);
        }

        private native void allocate(@Cast("const char*") BytePointer path, @Cast("bool") boolean dlibConvolution);

        /**
         * Per face, {@code shapes} holds its box (left, top, right, bottom) then numParts (x, y)
         * landmarks; {@code out} receives 128 numbers per face.
         */
        public native void encode(@Cast("const unsigned char*") ByteBuffer rgb, int width, int height, int stride,
                int numFaces, int numParts, @Cast("const int*") int[] shapes, int jitters, double[] out);

        public native void encode(@Cast("const unsigned char*") BytePointer rgb, int width, int height, int stride,
                int numFaces, int numParts, @Cast("const int*") int[] shapes, int jitters, double[] out);
    }

    /** {@code dlib.correlation_tracker()}: follows one box from frame to frame. */
    @Name("CorrelationTracker")
    public static class CorrelationTracker extends Pointer {
        static {
            Loader.load();
        }

        public CorrelationTracker() {
            allocate();
        }

        private native void allocate();

        public native void start(@Cast("const unsigned char*") BytePointer rgb, int width, int height, int stride,
                int left, int top, int right, int bottom);

        /** Returns the peak-to-side-lobe ratio: below about 7 the tracker has lost its object. */
        public native double update(@Cast("const unsigned char*") BytePointer rgb, int width, int height, int stride);

        public native void position(int[] ltrb);
    }
}
