package facerec.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CuesTest {
    private static List<Cues.Cue> cues(List<List<String>> frames) {
        Cues c = new Cues(25);
        for (int i = 0; i < frames.size(); i++) {
            c.frame(i * 40.0, frames.get(i));
        }
        return c.finish();
    }

    @Test
    void aCueLastsWhileThePeopleShownStayTheSameAndNobodyGetsNone() {
        List<Cues.Cue> cues = cues(List.of(List.of("ann"), List.of("ann"), List.of("bob", "ann"), List.of("ann", "bob"),
                List.of(), List.of("bob")));
        assertEquals(List.of(new Cues.Cue(0, 80, "ann"), new Cues.Cue(80, 160, "ann, bob"), new Cues.Cue(200, 240, "bob")),
                cues);
    }

    @Test
    void facesNotNamedAreCountedAfterThePeopleAndAPersonIsNamedOnce() {
        assertEquals("zoe, Unknown (2)", Cues.text(List.of("Unknown", "zoe", "Unknown", "zoe")));
        assertEquals("Unknown", Cues.text(List.of("Unknown")));
        assertEquals("", Cues.text(List.of()));
        // One more unknown face on screen is another cue.
        assertEquals(2, cues(List.of(List.of("Unknown"), List.of("Unknown", "Unknown"))).size());
    }

    @Test
    void aRunWithoutFramesHasNoCues() {
        assertEquals(List.of(), new Cues(25).finish());
        assertEquals(List.of(), cues(List.of(List.of(), List.of())));
    }
}
