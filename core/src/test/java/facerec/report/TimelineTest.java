package facerec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {
    @Test
    void appearancesCloserThanTheGapJoinOneSegment() {
        Timeline t = new Timeline(1.0);
        for (double ms : new double[] {0, 40, 80, 1000, 2100, 2140}) {
            t.add(ms, List.of("ann"));
        }
        Timeline.Person ann = t.people().get(0);
        assertEquals(6, ann.frames());
        // 80 to 1000 is under the gap (920 ms): joined; 1000 to 2100 is not.
        assertEquals(List.of(new Timeline.Segment(0, 1000), new Timeline.Segment(2100, 2140)), ann.segments());
    }

    @Test
    void unknownIsNobodyAndTwoFacesOfOnePersonCountOneFrame() {
        Timeline t = new Timeline(1.0);
        t.add(0, List.of("Unknown", "bob", "bob"));
        assertEquals(1, t.people().size());
        assertEquals(1, t.people().get(0).frames());
    }

    /** The page and its thumbnails join by this rule too: exactly the gap apart is two segments. */
    @Test
    void appearancesExactlyTheGapApartAreTwoSegments() {
        org.junit.jupiter.api.Assertions.assertTrue(Timeline.joins(1000, 1999.9, 1000));
        org.junit.jupiter.api.Assertions.assertFalse(Timeline.joins(1000, 2000, 1000));
        Timeline t = new Timeline(1.0);
        t.add(0, List.of("ann"));
        t.add(1000, List.of("ann"));
        assertEquals(2, t.people().get(0).segments().size());
    }
}
