package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which frames of a chunk are detected, with no model: a script of what each detection finds. */
class KeyframePolicyTest {
    /**
     * Runs a chunk of {@code faces.length} frames: {@code faces[i]} faces are in frame i, and
     * every face found is followed from then on, until a detection finds fewer. Returns the
     * frames detected.
     */
    private static List<Integer> detected(boolean[] cuts, int[] faces) {
        KeyframePolicy policy = new KeyframePolicy(cuts);
        List<Integer> out = new ArrayList<>();
        int followed = 0;
        for (int i = 0; i < faces.length; i++) {
            if (policy.detect(i, followed)) {
                out.add(i);
                policy.detected(i, faces[i]);
                followed = faces[i];
            }
        }
        return out;
    }

    @Test
    void aChunkWhoseFacesAreAllFollowedIsDetectedOnceAtItsStart() {
        assertEquals(List.of(0), detected(new boolean[8], new int[] {2, 2, 2, 2, 2, 2, 2, 2}));
    }

    @Test
    void whileNobodyIsThereEveryOtherFrameIsDetected() {
        // Someone comes in at frame 5: found at 6, a frame late, then followed.
        assertEquals(List.of(0, 2, 4, 6), detected(new boolean[8], new int[] {0, 0, 0, 0, 0, 1, 1, 1}));
    }

    @Test
    void afterACutEveryFrameIsDetectedUntilAFaceIsFound() {
        boolean[] cuts = new boolean[8];
        cuts[3] = true;
        // The new shot's face is visible from frame 5 on: found at 5, not at 6.
        assertEquals(List.of(0, 3, 4, 5), detected(cuts, new int[] {1, 1, 1, 0, 0, 1, 1, 1}));
    }

    @Test
    void aFaceLostFromTwoIsLookedForEveryOtherFrameAndACutForgetsHowManyThereWere() {
        KeyframePolicy policy = new KeyframePolicy(new boolean[] {false, false, false, true, false, false});
        assertEquals(true, policy.detect(0, 0));
        policy.detected(0, 2);
        // One of the two is lost: a detection on every other frame.
        assertEquals(false, policy.detect(1, 1));
        assertEquals(true, policy.detect(2, 1));
        policy.detected(2, 1);
        // After the cut one face is all that is wanted: with one followed, nothing more is looked for.
        assertEquals(true, policy.detect(3, 1));
        policy.detected(3, 1);
        assertEquals(false, policy.detect(4, 1));
        assertEquals(false, policy.detect(5, 1));
    }
}
