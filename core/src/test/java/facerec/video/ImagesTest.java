package facerec.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/** What a downscale hands its caller: a Mat of its own to close, whether or not it was resized. */
class ImagesTest {
    @Test
    void aFrameNoWiderThanAskedComesBackAsItsOwnMatOnTheSamePixels() {
        try (Scalar grey = new Scalar(90, 90, 90, 0); Mat frame = new Mat(300, 400, opencv_core.CV_8UC3, grey)) {
            for (boolean area : new boolean[] {true, false}) {
                Mat same = area ? Images.downscale(frame, 400) : Images.downscaleFast(frame, 640);
                assertFalse(same == frame, "the input itself, which its caller would close twice");
                assertEquals(frame.data().address(), same.data().address(), "a copy of the pixels");
                same.close();
                // Closing it leaves the frame whole.
                assertEquals(400, frame.cols());
                assertEquals(90, frame.ptr(299, 399).get() & 0xff);
            }
            try (Mat small = Images.downscale(frame, 200)) {
                assertEquals(200, small.cols());
                assertEquals(150, small.rows());
            }
        }
    }
}
