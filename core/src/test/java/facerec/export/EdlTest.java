package facerec.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EdlTest {
    @Test
    void theInputIsOneEventAndEachAppearanceALocatorAtItsFirstFrame() {
        List<Appearance> rows = List.of(new Appearance("in/talk.mp4", "Unknown", 2, 3480, 7480, 87, 187, 101, 0.61),
                new Appearance("in/talk.mp4", "ann\nlee", 0, 0, 3440, 0, 86, 87, 0.14));
        assertEquals("""
                TITLE: talk
                FCM: NON-DROP FRAME

                001  AX       V     C        00:00:00:00 00:00:43:03 00:00:00:00 00:00:43:03
                * FROM CLIP NAME: talk.mp4
                * LOC: 00:00:00:00 GREEN   ann lee, track 0, 87 frames
                * LOC: 00:00:03:12 RED     Unknown, track 2, 101 frames
                """, Edl.text("talk", "talk.mp4", 25, 1078, rows));
    }

    @Test
    void timecodeCountsFramesAtTheRoundedRate() {
        assertEquals(30, Edl.rate(30000.0 / 1001));
        // 108,000 frames are an hour of timecode at 30; of a 29.97 video, 3.6 s more of the clock.
        assertEquals("01:00:00:00", Edl.timecode(108_000, 30));
        assertEquals("00:00:01:29", Edl.timecode(59, 30));
        assertEquals(1, Edl.rate(0.2));
    }
}
