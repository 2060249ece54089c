package facerec.face;

import static org.junit.jupiter.api.Assertions.assertEquals;

import facerec.dlib.Dlib;
import org.junit.jupiter.api.Test;

/** The OpenBLAS pools that JavaCV's OpenCV loads are found and capped, not left spinning. */
class NativeThreadsTest {
    @Test
    void bothOfOpenCvsOpenBlasLibrariesAreCapped() {
        NativeThreads.oneEach();
        // libopenblas_nolapack.so.0 and libopenblas.so.0: a JavaCV that renamed one would leave it spinning.
        assertEquals(2, Dlib.setOpenCvBlasThreads(1));
    }
}
