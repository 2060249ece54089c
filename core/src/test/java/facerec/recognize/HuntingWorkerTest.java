package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import facerec.face.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CenterFace's chunk rules that need no model: what a keyframe hands on, and where faces are followed. */
class HuntingWorkerTest {
    private static final Box A = new Box(100, 140, 140, 100);
    private static final Box B = new Box(300, 540, 340, 500);

    @Test
    void aFaceMissedOnceIsLookedForOnceMoreAndThenNoLonger() {
        HuntingWorker.Carry first = HuntingWorker.carry(List.of(A, B), null);
        assertEquals(List.of(A, B), first.boxes());
        assertEquals(List.of(0, 0), first.misses());
        // B is not found on the next keyframe: its square is looked at once more.
        HuntingWorker.Carry second = HuntingWorker.carry(List.of(A), first);
        assertEquals(List.of(A, B), second.boxes());
        assertEquals(List.of(0, 1), second.misses());
        // Missed again: dropped, so that a face that left costs nothing from then on.
        HuntingWorker.Carry third = HuntingWorker.carry(List.of(A), second);
        assertEquals(List.of(A), third.boxes());
        // Found again, its count starts over.
        Box moved = new Box(302, 545, 342, 505);
        assertEquals(List.of(0, 0), HuntingWorker.carry(List.of(A, moved), second).misses());
    }

    @Test
    void aMissedFaceThatAFoundOneOverlapsIsNotCarriedTwice() {
        HuntingWorker.Carry first = HuntingWorker.carry(List.of(A), null);
        Box shifted = new Box(110, 150, 150, 110);
        assertEquals(List.of(shifted), HuntingWorker.carry(List.of(shifted), first).boxes());
    }

    /** A thumbnail's bytes, all of one value. */
    private static byte[] look(int value) {
        byte[] b = new byte[64 * 36 * 3];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void aCutGoesBackToTheLatestShotThatLooksAlikeButNeverToTheOneItEnds() {
        HuntingWorker.Carry first = HuntingWorker.carry(List.of(A), null, look(100), List.of(), null, null);
        // A cut to a new shot: the one it ends is remembered first.
        HuntingWorker.Carry second = HuntingWorker.carry(List.of(B), null, look(200),
                HuntingWorker.remember(first, null), null, null);
        assertEquals(List.of(A), second.earlier().get(0).boxes());
        // The frame after a cut that looks like the first shot (a change of 9 of 255) goes back to it.
        HuntingWorker.Carry back = HuntingWorker.recall(second, look(109));
        assertEquals(List.of(A), back.boxes());
        // One that changes by 10 is a new shot; the current one is never gone back to.
        assertEquals(null, HuntingWorker.recall(second, look(110)));
        assertEquals(null, HuntingWorker.recall(second, look(200)));
        // Gone back to: the shot that the cut ends is remembered, the one gone back to is current.
        HuntingWorker.Carry third = HuntingWorker.carry(List.of(A), back, look(109), HuntingWorker.remember(second, back), null, null);
        assertEquals(1, third.earlier().size());
        assertEquals(List.of(B), third.earlier().get(0).boxes());
        // A face that the shot gone back to showed, and that the cut's frame misses, is looked for once more.
        HuntingWorker.Carry missed = HuntingWorker.carry(List.of(), back, look(109), HuntingWorker.remember(second, back), null, null);
        assertEquals(List.of(A), missed.boxes());
        assertEquals(List.of(1), missed.misses());
    }

    @Test
    void atMostEightShotsAreRemembered() {
        HuntingWorker.Carry shot = HuntingWorker.carry(List.of(A), null, look(0), List.of(), null, null);
        for (int s = 1; s <= 20; s++) {
            shot = HuntingWorker.carry(List.of(A), null, look(20 * s), HuntingWorker.remember(shot, null), null, null);
        }
        assertEquals(HuntingWorker.SHOTS, shot.earlier().size());
        // The latest first: the shot before the current one, 20 * 19.
        assertEquals((byte) 380, shot.earlier().get(0).look()[0]);
        assertEquals(List.of(), shot.earlier().get(0).earlier());
    }

    @Test
    void facesAreFollowedWhereTheSmallestIs32PixelsButNeverUnder400Wide() {
        // A wide shot's 16-pixel faces at 1080p's detection width: followed there.
        assertEquals(1536, HuntingWorker.followedWidth(List.of(new Box(0, 16, 16, 0), new Box(0, 300, 300, 0)), 1536));
        // 64 pixels at 1536: half the width.
        assertEquals(768, HuntingWorker.followedWidth(List.of(new Box(0, 64, 64, 0)), 1536));
        // A close-up: no narrower than HOG's 400.
        assertEquals(400, HuntingWorker.followedWidth(List.of(new Box(0, 330, 330, 0)), 1536));
        // A frame narrower than 400 is followed at its own width.
        assertEquals(320, HuntingWorker.followedWidth(List.of(new Box(0, 200, 200, 0)), 320));
    }

    @Test
    void aFaceIsHalfWhereTheFramesSideCutsIt() {
        assertEquals(true, HuntingWorker.half(new Box(100, 400, 170, 338), 400));
        assertEquals(true, HuntingWorker.half(new Box(100, 60, 170, 0), 400));
        assertEquals(false, HuntingWorker.half(new Box(100, 388, 170, 327), 400));
        // The top and the bottom cut a face only as a tall man or a close-up is cut: no one comes in there.
        assertEquals(false, HuntingWorker.half(new Box(0, 200, 60, 140), 400));
    }
}
