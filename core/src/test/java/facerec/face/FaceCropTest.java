package facerec.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How frontal a face is, from its landmarks alone. */
class FaceCropTest {
    /** dlib's 5 points: one eye's two corners, the other's, the nose. */
    static int[] five(int noseX) {
        return new int[] {60, 50, 80, 50, 120, 50, 140, 50, noseX, 90};
    }

    @Test
    void aNoseMidwayBetweenTheEyesIsFrontalAndOneOverAnEyeIsAProfile() {
        assertEquals(1.0, FaceCrop.frontal(five(100)), 1e-9);
        assertEquals(0.5, FaceCrop.frontal(five(115)), 1e-9);
        assertEquals(0.0, FaceCrop.frontal(five(130)), 1e-9);
        assertEquals(0.0, FaceCrop.frontal(five(70)), 1e-9);
        int[] sixtyEight = new int[136];
        for (int i = 36; i < 42; i++) {
            sixtyEight[2 * i] = 70;
        }
        for (int i = 42; i < 48; i++) {
            sixtyEight[2 * i] = 130;
        }
        sixtyEight[60] = 100;
        assertEquals(1.0, FaceCrop.frontal(sixtyEight), 1e-9);
        assertTrue(FaceCrop.frontal(new int[10]) == 0, "no eyes, no face");
    }
}
