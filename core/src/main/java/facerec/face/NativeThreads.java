package facerec.face;

import facerec.dlib.Dlib;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;

/**
 * The native libraries' own thread pools, capped for callers that run a worker per core. Three
 * OpenBLAS libraries live in the process: the one in the dlib binding, and two that JavaCV's
 * OpenCV loads. Each starts a thread per core on its first call, and between calls those
 * threads spin: OpenCV's, woken by KCF's small matrix products on every tracked frame, took 30%
 * of a HOG run's CPU at 1080p (perf), and the run 10.8 s instead of 7.6.
 */
public final class NativeThreads {
    private NativeThreads() {}

    /** One thread inside each worker, for dlib's OpenBLAS and OpenCV's. */
    public static void oneEach() {
        Dlib.setBlasThreads(1);
        // OpenCV loads its OpenBLAS with it: loaded first, so that there is a pool to cap.
        Loader.load(opencv_core.class);
        Dlib.setOpenCvBlasThreads(1);
    }
}
