package facerec.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.testing.Photos;
import facerec.testing.TestData;
import facerec.video.Images;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CenterFace on real photos, against dlib's HOG on the same photos. */
class CenterFaceTest {
    private static FaceAnalyzer hog;
    private static FaceAnalyzer centerface;

    @BeforeAll
    static void load() {
        hog = new FaceAnalyzer(TestData.models(), FaceSettings.DEFAULT);
        centerface = new FaceAnalyzer(TestData.models(),
                new FaceSettings(FaceSettings.Method.CENTERFACE, FaceSettings.defaultUpsample(FaceSettings.Method.CENTERFACE), 5, 1));
    }

    @AfterAll
    static void close() {
        hog.close();
        centerface.close();
    }

    private static List<Detection> locate(FaceAnalyzer analyzer, String image) {
        try (Mat rgb = Images.readRgb(TestData.image(image))) {
            return analyzer.locate(rgb);
        }
    }

    @Test
    void findsTheFaceHogFindsInDlibsGeometry() {
        // Boxes mapped to dlib's geometry (CenterFace.dlibBox) overlap HOG's on the same face.
        for (String image : new String[] {"obama.jpg", "biden.jpg", "obama2.jpg"}) {
            List<Detection> h = locate(hog, image), c = locate(centerface, image);
            assertEquals(1, h.size(), image);
            assertEquals(1, c.size(), image + ": " + c);
            double iou = h.get(0).box().iou(c.get(0).box());
            assertTrue(iou > 0.6, image + ": HOG " + h.get(0).box() + ", CenterFace " + c.get(0).box() + ", IoU " + iou);
        }
    }

    @Test
    void findsTheTurnedFacesHogMisses() {
        // Four women, the one on the left with her head turned and tilted; three on a sofa, one
        // in profile and one looking down. HOG finds only the frontal ones.
        for (String[] photo : new String[][] {{"faceapi-sample4.jpg", "3", "4"}, {"stranger.jpg", "1", "3"},
                {"faceapi-sample5.jpg", "5", "5"}}) {
            List<Detection> h = locate(hog, photo[0]), c = locate(centerface, photo[0]);
            assertEquals(Integer.parseInt(photo[1]), h.size(), () -> photo[0] + ": " + h);
            assertEquals(Integer.parseInt(photo[2]), c.size(), () -> photo[0] + ": " + c);
            for (Detection d : h) {
                assertTrue(c.stream().anyMatch(x -> x.box().iou(d.box()) > 0.4), () -> photo[0] + ": " + d + " not in " + c);
            }
        }
    }

    @Test
    void aSecondInputSizeGivesWhatAFreshNetworkGives() {
        // OpenCV's DNN sized this network by its first input: a second size gave 78 faces on
        // obama.jpg. Each size now has a network of its own.
        try (Mat rgb = Images.readRgb(TestData.image("obama.jpg"));
                CenterFace first = new CenterFace(TestData.models().file(Models.CENTERFACE))) {
            List<CenterFace.Face> at07 = first.detect(rgb, 0.7, CenterFace.THRESHOLD);
            first.detect(rgb, 1.0, CenterFace.THRESHOLD);
            first.detect(rgb, 0.5, CenterFace.THRESHOLD);
            List<CenterFace.Face> again = first.detect(rgb, 0.7, CenterFace.THRESHOLD);
            assertEquals(1, at07.size(), at07::toString);
            assertEquals(boxes(at07), boxes(again));
            for (double scale : new double[] {1.0, 0.5}) {
                try (CenterFace fresh = new CenterFace(TestData.models().file(Models.CENTERFACE))) {
                    assertEquals(boxes(fresh.detect(rgb, scale, CenterFace.THRESHOLD)),
                            boxes(first.detect(rgb, scale, CenterFace.THRESHOLD)), "scale " + scale);
                }
            }
        }
    }

    private static List<Box> boxes(List<CenterFace.Face> faces) {
        return faces.stream().map(CenterFace.Face::box).toList();
    }

    @Test
    void itsFacesEmbedAsHogsDo() {
        // The same face, aligned by dlib's shape predictor from either detector's box: nearly the
        // same embedding; another man stays beyond the tolerance.
        double[] obamaHog = Photos.embedding(hog, "obama.jpg"), obama = Photos.embedding(centerface, "obama.jpg");
        double[] biden = Photos.embedding(centerface, "biden.jpg");
        assertTrue(FaceAnalyzer.distance(obamaHog, obama) < 0.1, "obama by HOG and by CenterFace: "
                + FaceAnalyzer.distance(obamaHog, obama));
        assertTrue(FaceAnalyzer.distance(Photos.embedding(centerface, "obama2.jpg"), obama) < 0.6);
        assertTrue(FaceAnalyzer.distance(biden, obama) > 0.6);
    }

    @Test
    void dlibBoxIsTheMeasuredSquare() {
        // A CenterFace box 100 wide and 137 tall: HOG's is 111 on a side, a little right and down.
        Box b = CenterFace.dlibBox(new Box(0, 100, 137, 0));
        assertEquals(new Box(18, 108, 129, -3), b);
        assertEquals(b.width(), b.height());
    }
}
