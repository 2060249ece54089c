package facerec.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizes the recorder cannot keep: the frames are padded, never scaled, and the change is known. */
class VideoWriterTest {
    @TempDir
    Path dir;

    /** The mean grey of one column of a frame, in its top rows. */
    private static double column(Mat bgr, int x) {
        try (Mat strip = new Mat(bgr, new Rect(x, 0, 1, 10))) {
            return opencv_core.mean(strip).get(0);
        }
    }

    @Test
    void anOddWidthIsPaddedByAColumnAndThePixelsStayWhereTheyWere() {
        for (int[] size : new int[][] {{641, 361}, {640, 361}, {33, 17}}) {
            int w = size[0];
            int h = size[1];
            Path out = dir.resolve(w + "x" + h + ".avi");
            int line = w * 3 / 4; // a one-pixel white line
            try (VideoWriter writer = new VideoWriter(out, w, h, 25, 0, 0);
                    Mat frame = new Mat(new Size(w, h), opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0));
                    Mat white = new Mat(frame, new Rect(line, 0, 1, h))) {
                white.put(new Scalar(255, 255, 255, 0));
                assertEquals(w + (w % 2), writer.width());
                for (int i = 0; i < 5; i++) {
                    writer.write(frame, i * 40.0);
                }
            }
            try (VideoReader r = new VideoReader(out.toString(), false)) {
                assertEquals(w + (w % 2), r.width(), "width of " + out);
                assertTrue(r.height() == h || r.height() == h + 1, "height of " + out + ": " + r.height());
                VideoReader.Picture p = (VideoReader.Picture) r.next();
                try (Mat bgr = p.bgr()) {
                    // Scaled by 642/641, the line would have moved and spread over two columns.
                    assertTrue(column(bgr, line) > 200, "the line in " + out + ": " + column(bgr, line));
                    assertTrue(column(bgr, line - 2) < 40 && column(bgr, line + 2) < 40, "beside the line in " + out);
                }
            }
        }
    }
}
