package facerec.redact;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.face.Box;
import facerec.report.FaceRecord;
import facerec.store.Matcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/**
 * The painter over real photos as frames: a face lost on the next frame of the same shot stays
 * masked, and after a cut to another picture the mask is gone.
 */
class RedactingPainterTest {
    static Mat frame(String photo) {
        Path p = Path.of(System.getProperty("facerec.testdata", "../testdata"), "images", photo);
        assertTrue(Files.isRegularFile(p), p + " is missing: run scripts/fetch-testdata.sh");
        Mat out = new Mat();
        try (Mat image = imread(p.toString()); Size size = new Size(640, 480)) {
            resize(image, out, size);
        }
        return out;
    }

    static boolean unchanged(Mat a, Mat b) {
        try (Mat d = new Mat(); Mat g = new Mat()) {
            opencv_core.absdiff(a, b, d);
            opencv_core.extractChannel(d, g, 0);
            return opencv_core.countNonZero(g) == 0;
        }
    }

    @Test
    void aMaskedFacesLabelNamesNobody() {
        Redaction except = new Redaction(Redaction.Mode.EXCEPT, Set.of("ann"), Redaction.Style.BLUR, Redaction.Shape.ELLIPSE, 0.25);
        List<String> labelled = new java.util.ArrayList<>();
        RedactingPainter painter = new RedactingPainter(except, (index, bgr, faces) -> faces.forEach(f -> labelled.add(f.name())));
        try (Mat frame = frame("obama.jpg")) {
            painter.paint(0, frame, List.of(new FaceRecord("ann", 0.3, 3, new Box(10, 100, 100, 10), 1),
                    new FaceRecord("bob", 0.3, 3, new Box(150, 400, 350, 240), 2),
                    new FaceRecord(Matcher.UNKNOWN, 0.7, 0, new Box(300, 600, 450, 450), 3)));
        }
        assertEquals(List.of("ann", RedactingPainter.MASKED, RedactingPainter.MASKED), labelled);
    }

    @Test
    void aLostFaceStaysMaskedInItsShotButNotAfterACut() {
        Redaction all = new Redaction(Redaction.Mode.ALL, Set.of(), Redaction.Style.SOLID, Redaction.Shape.BOX, 0.25);
        List<FaceRecord> face = List.of(new FaceRecord(Matcher.UNKNOWN, 0.7, 0, new Box(150, 400, 350, 240), 1));
        for (boolean cut : new boolean[] {false, true}) {
            RedactingPainter painter = new RedactingPainter(all, null);
            painter.start(640, 480, 25);
            try (Mat first = frame("obama.jpg"); Mat next = frame(cut ? "biden.jpg" : "obama.jpg"); Mat source = next.clone()) {
                painter.paint(0, first, face);
                // The next frame: the face's tracker lost it.
                painter.paint(1, next, List.of());
                assertEquals(cut, unchanged(source, next), cut ? "after a cut, no mask" : "held in the same shot");
            }
        }
    }
}
