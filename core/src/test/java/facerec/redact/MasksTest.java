package facerec.redact;

import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.face.Box;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Masks on a real photo (face_recognition's obama.jpg), pixel by pixel: outside the region the
 * photo is untouched to the bit; inside the shape its detail is gone; the corners of an
 * ellipse's box are untouched.
 */
class MasksTest {
    static Mat photo() {
        Path p = Path.of(System.getProperty("facerec.testdata", "../testdata"), "images", "obama.jpg");
        assertTrue(Files.isRegularFile(p), p + " is missing: run scripts/fetch-testdata.sh");
        return imread(p.toString());
    }

    /** Mean absolute Laplacian: how much fine detail (edges of eyes, mouth, skin) a region holds. */
    static double detail(Mat bgr, Rect r) {
        try (Mat roi = new Mat(bgr, r); Mat gray = new Mat(); Mat lap = new Mat()) {
            cvtColor(roi, gray, COLOR_BGR2GRAY);
            Laplacian(gray, lap, opencv_core.CV_16S);
            try (Mat abs = new Mat()) {
                opencv_core.convertScaleAbs(lap, abs);
                return opencv_core.mean(abs).get(0);
            }
        }
    }

    /** How alike the fine detail of two images is in a region: 1 for the same, about 0 for unrelated. */
    static double correlation(Mat a, Mat b, Rect r) {
        try (Mat x = laplacian(a, r); Mat y = laplacian(b, r); Mat result = new Mat()) {
            org.bytedeco.opencv.global.opencv_imgproc.matchTemplate(x, y, result,
                    org.bytedeco.opencv.global.opencv_imgproc.TM_CCOEFF_NORMED);
            return result.createIndexer() instanceof org.bytedeco.javacpp.indexer.FloatIndexer f ? f.get(0, 0) : Double.NaN;
        }
    }

    private static Mat laplacian(Mat bgr, Rect r) {
        try (Mat roi = new Mat(bgr, r); Mat gray = new Mat()) {
            cvtColor(roi, gray, COLOR_BGR2GRAY);
            Mat lap = new Mat();
            Laplacian(gray, lap, opencv_core.CV_32F);
            return lap;
        }
    }

    static int changed(Mat a, Mat b, Rect r) {
        try (Mat x = new Mat(a, r); Mat y = new Mat(b, r); Mat d = new Mat(); Mat g = new Mat()) {
            absdiff(x, y, d);
            cvtColor(d, g, COLOR_BGR2GRAY);
            return countNonZero(g);
        }
    }

    @ParameterizedTest
    @EnumSource(Redaction.Style.class)
    void insideTheFaceIsGoneOutsideItTheSourceStays(Redaction.Style style) {
        try (Mat source = photo(); Mat frame = source.clone()) {
            // Obama's face in this photo, as HOG boxes it at full size.
            Box face = new Box(260, 570, 475, 355);
            for (Redaction.Shape shape : Redaction.Shape.values()) {
                source.copyTo(frame);
                Masks.paint(frame, List.of(face), style, shape);
                int w = frame.cols();
                int h = frame.rows();
                assertEquals(0, changed(source, frame, new Rect(0, 0, w, face.top())), "above the mask");
                assertEquals(0, changed(source, frame, new Rect(0, face.bottom(), w, h - face.bottom())), "below");
                assertEquals(0, changed(source, frame, new Rect(0, 0, face.left(), h)), "left of it");
                assertEquals(0, changed(source, frame, new Rect(face.right(), 0, w - face.right(), h)), "right of it");
                try (Rect centre = new Rect(face.left() + face.width() / 4, face.top() + face.height() / 4,
                        face.width() / 2, face.height() / 2); Rect corner = new Rect(face.left(), face.top(), 12, 12)) {
                    double before = detail(source, centre);
                    double after = detail(frame, centre);
                    // What fine detail is left (a pixelation's block edges) is none of the face's.
                    double same = correlation(source, frame, centre);
                    assertTrue(after < 0.05 * before || same < 0.2,
                            style + " " + shape + ": detail " + after + " of " + before + ", correlated " + same);
                    assertEquals(shape == Redaction.Shape.ELLIPSE, changed(source, frame, corner) == 0,
                            style + " " + shape + ": the box's corner");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Redaction.Shape.class)
    void masksAtTheFramesEdgeAreClippedToIt(Redaction.Shape shape) {
        try (Mat source = photo(); Mat frame = source.clone()) {
            Masks.paint(frame, List.of(new Box(-50, 80, 60, -40), new Box(frame.rows() - 10, frame.cols() + 30,
                    frame.rows() + 40, frame.cols() - 20), new Box(10, 5, 20, 5)), Redaction.Style.SOLID, shape);
            try (Rect middle = new Rect(100, 100, frame.cols() - 200, frame.rows() - 200)) {
                assertEquals(0, changed(source, frame, middle));
            }
        }
    }
}
