package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import facerec.face.FaceSettings.Method;
import facerec.face.FaceTracker;
import org.junit.jupiter.api.Test;

/** The width that frames are detected at: --width for dlib's detectors, --min-face for CenterFace. */
class DetectionWidthTest {
    private static Recognizer.Options options(Method method, int width, int minFace) {
        return new Recognizer.Options(method, 1, width, minFace, 0.6, false, 1, 1, 8, FaceTracker.Kind.KCF, false, 0);
    }

    @Test
    void hogAndCnnDetectAtWidthAndNeverUpscale() {
        assertEquals(400, options(Method.HOG, 400, 0).detectionWidth(3840, 2160));
        assertEquals(320, options(Method.HOG, 400, 0).detectionWidth(320, 240));
        assertEquals(800, options(Method.CNN, 800, 0).detectionWidth(1280, 720));
    }

    @Test
    void centerfaceScalesSoThatTheSmallestFaceIsSixteenPixels() {
        Recognizer.Options twenty = options(Method.CENTERFACE, 400, 20);
        assertEquals(512, twenty.detectionWidth(640, 360));
        assertEquals(1024, twenty.detectionWidth(1280, 720));
        assertEquals(1536, twenty.detectionWidth(1920, 1080));
        assertEquals(640, options(Method.CENTERFACE, 400, 16).detectionWidth(640, 360));
        assertEquals(640, options(Method.CENTERFACE, 400, 4).detectionWidth(640, 360), "never upscaled");
        assertEquals(1536, options(Method.CENTERFACE, 400, 40).detectionWidth(3840, 2160));
    }

    @Test
    void centerfacesInputIsAtMost2048OnASide() {
        assertEquals(2048, options(Method.CENTERFACE, 400, 20).detectionWidth(3840, 2160));
        assertEquals(1152, options(Method.CENTERFACE, 400, 20).detectionWidth(2160, 3840), "a portrait 4K frame");
    }
}
