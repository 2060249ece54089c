package facerec.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import facerec.face.Box;
import facerec.report.FaceRecord;
import facerec.store.Matcher;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which regions are masked, frame by frame: the policy, the hold after a lost face, the lead before a new one. */
class MaskPlanTest {
    static final Box FACE = new Box(100, 140, 140, 100);
    /** FACE with the default margin of a quarter box (10 px) on each side. */
    static final Box MASK = new Box(90, 150, 150, 90);

    static Redaction policy(Redaction.Mode mode, String... except) {
        return new Redaction(mode, Set.of(except), Redaction.Style.BLUR, Redaction.Shape.ELLIPSE, Redaction.MARGIN);
    }

    static FaceRecord face(String name, int track, Box box) {
        return new FaceRecord(name, 0.4, 3, box, track);
    }

    @Test
    void eachModeShowsOnlyWhomItMay() {
        FaceRecord ann = face("ann", 1, FACE);
        FaceRecord unknown = face(Matcher.UNKNOWN, 2, new Box(10, 50, 50, 10));
        Box unknownMask = new Box(0, 60, 60, 0);
        assertEquals(List.of(MASK, unknownMask), new MaskPlan(policy(Redaction.Mode.ALL), 5, 5).masks(0, List.of(ann, unknown), false));
        assertEquals(List.of(unknownMask), new MaskPlan(policy(Redaction.Mode.UNKNOWN), 5, 5).masks(0, List.of(ann, unknown), false));
        assertEquals(List.of(unknownMask), new MaskPlan(policy(Redaction.Mode.EXCEPT, "ann"), 5, 5).masks(0, List.of(ann, unknown), false));
        assertEquals(List.of(MASK, unknownMask),
                new MaskPlan(policy(Redaction.Mode.EXCEPT, "bob"), 5, 5).masks(0, List.of(ann, unknown), false));
    }

    @Test
    void aLostFaceStaysMaskedWhereItWasGoingForTheHoldThenNoMore() {
        MaskPlan plan = new MaskPlan(policy(Redaction.Mode.ALL), 3, 0);
        plan.masks(0, List.of(face("ann", 1, FACE)), false);
        // Moving 4 px right a frame.
        plan.masks(1, List.of(face("ann", 1, new Box(100, 144, 140, 104))), false);
        // Lost on frame 2: 4 px further on, and grown by the 4 px it may have moved besides.
        assertEquals(List.of(new Box(86, 162, 154, 94)), plan.masks(2, List.of(), false));
        assertEquals(List.of(new Box(82, 170, 158, 94)), plan.masks(3, List.of(), false));
        assertEquals(1, plan.masks(4, List.of(), false).size());
        assertEquals(List.of(), plan.masks(5, List.of(), false), "held for 3 frames only");
    }

    @Test
    void aCutEndsTheHoldAndAShownFaceIsNotHeld() {
        MaskPlan plan = new MaskPlan(policy(Redaction.Mode.UNKNOWN), 10, 0);
        plan.masks(0, List.of(face(Matcher.UNKNOWN, 1, FACE), face("ann", 2, new Box(0, 40, 40, 0))), false);
        assertEquals(List.of(MASK), plan.masks(1, List.of(), false), "only the unknown face is held");
        assertEquals(List.of(), plan.masks(2, List.of(), true), "a new shot: the face is not there any more");
        assertEquals(List.of(), plan.masks(3, List.of(), false));
    }

    @Test
    void aFaceIsMaskedBeforeItsFirstDetectionUnlessAShownFaceIsThere() {
        MaskPlan plan = new MaskPlan(policy(Redaction.Mode.UNKNOWN), 0, 4);
        plan.started(7, 10, FACE);
        assertEquals(List.of(), plan.masks(5, List.of(), false), "5 frames ahead: further than the lead");
        assertEquals(List.of(MASK), plan.masks(6, List.of(), false));
        assertEquals(List.of(MASK), plan.masks(9, List.of(), false));
        assertEquals(List.of(MASK), plan.masks(10, List.of(face(Matcher.UNKNOWN, 7, FACE)), false), "its own mask from then on");
        plan.started(8, 20, FACE);
        assertEquals(List.of(), plan.masks(18, List.of(face("ann", 3, new Box(105, 145, 145, 105))), false),
                "ann is there, shown: her track broke and begins again");
    }

    @Test
    void marginsAreBounded() {
        assertThrows(IllegalArgumentException.class,
                () -> new Redaction(Redaction.Mode.ALL, Set.of(), Redaction.Style.BLUR, Redaction.Shape.BOX, 2.5));
        assertThrows(IllegalArgumentException.class,
                () -> new Redaction(Redaction.Mode.EXCEPT, Set.of(), Redaction.Style.BLUR, Redaction.Shape.BOX, 0.25));
    }
}
