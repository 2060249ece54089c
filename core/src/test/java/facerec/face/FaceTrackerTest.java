package facerec.face;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/** KCF given a window of the frame and a Fourier-friendly box: where it follows a face to. */
class FaceTrackerTest {
    private static boolean smooth(int m) {
        for (int p : new int[] {2, 3, 5}) {
            while (m % p == 0) {
                m /= p;
            }
        }
        return m == 1;
    }

    @Test
    void aBoxSideIsWidenedToTheNextSizeOfFactorsTwoThreeAndFive() {
        assertEquals(100, FaceTracker.Kcf.smooth(97));
        assertEquals(125, FaceTracker.Kcf.smooth(121));
        assertEquals(128, FaceTracker.Kcf.smooth(128));
        assertEquals(1, FaceTracker.Kcf.smooth(0));
        for (int n = 1; n <= 256; n++) {
            int m = FaceTracker.Kcf.smooth(n);
            assertTrue(smooth(m) && m >= n, n + " -> " + m);
            for (int k = n; k < m; k++) {
                assertFalse(smooth(k), n + " -> " + m + " skips " + k);
            }
            assertTrue(n < 8 || m <= 1.16 * n, n + " -> " + m);
        }
    }

    @Test
    void theWindowHoldsTheFaceWithRoomAndSharesTheFramesPixelPairs() {
        int[][] boxes = {{100, 300, 200, 200}, {0, 41, 37, 0}, {340, 640, 360, 610}, {5, 17, 12, 9}};
        for (int[] b : boxes) {
            Box box = new Box(b[0], b[1], b[2], b[3]);
            try (Rect w = FaceTracker.Kcf.window(box, 640, 360)) {
                String where = box + " in " + w.x() + "," + w.y() + " " + w.width() + "x" + w.height();
                assertEquals(0, w.x() % 2, where);
                assertEquals(0, w.y() % 2, where);
                assertTrue(w.x() >= 0 && w.y() >= 0 && w.x() + w.width() <= 640 && w.y() + w.height() <= 360, where);
                int side = Math.max(box.width(), box.height()), room = side; // a face's width of motion, each way
                assertTrue(w.x() <= Math.max(0, box.left() - room) && w.y() <= Math.max(0, box.top() - room), where);
                assertTrue(w.x() + w.width() >= Math.min(639, box.right() + room)
                        && w.y() + w.height() >= Math.min(359, box.bottom() + room), where);
                assertTrue(w.width() <= FaceTracker.Kcf.WINDOW_SIDES * side + 2, where);
            }
        }
    }

    @Test
    void aFaceThatMovesIsFollowedByItsOwnMoveWithItsOwnSize() {
        Path p = Path.of(System.getProperty("facerec.testdata", "../testdata"), "images", "obama.jpg");
        assertTrue(Files.isRegularFile(p), p + " is missing: run scripts/fetch-testdata.sh");
        // face_recognition's own box of the face in obama.jpg, shrunk to a side KCF is used at.
        try (Mat bgr = imread(p.toString()); Mat rgb = new Mat(); Mat half = new Mat()) {
            cvtColor(bgr, rgb, COLOR_BGR2RGB);
            org.bytedeco.opencv.global.opencv_imgproc.resize(rgb, half, new org.bytedeco.opencv.opencv_core.Size(
                    rgb.cols() / 3, rgb.rows() / 3));
            // Set in a larger frame, so that the window is inside it and not at its corner.
            int x = 200, y = 120, dx = 7, dy = -5;
            Box face = new Box(142 / 3 + y, 617 / 3 + x, 409 / 3 + y, 349 / 3 + x);
            try (Mat still = placed(half, x, y); Pyramid first = new Pyramid(still); Mat moved = placed(half, x + dx, y + dy);
                    Pyramid second = new Pyramid(moved); FaceTracker t = FaceTracker.start(FaceTracker.Kind.KCF, first, face)) {
                // KCF's first update only learns (at the box it was given, on the image it is given).
                assertEquals(face, t.update(first));
                Box now = t.update(second);
                assertFalse(t.lost());
                assertEquals(face.width(), now.width(), "the face's own width");
                assertEquals(face.height(), now.height(), "the face's own height");
                assertEquals(face.left() + dx, now.left(), 2, "moved right by " + dx + ": " + now);
                assertEquals(face.top() + dy, now.top(), 2, "moved up by " + -dy + ": " + now);
            }
        }
    }

    /** The image at (x, y) of a black frame 400 pixels wider and 240 taller. */
    private static Mat placed(Mat image, int x, int y) {
        Mat out = new Mat(image.rows() + 240, image.cols() + 400, image.type(), new Scalar(0.0));
        try (Rect to = new Rect(x, y, image.cols(), image.rows()); Mat dst = new Mat(out, to)) {
            image.copyTo(dst);
        }
        return out;
    }
}
