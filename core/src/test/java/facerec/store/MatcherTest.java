package facerec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import facerec.face.Box;
import facerec.store.EncodingStore.StoredFace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vote matching, on embeddings placed by hand along the first axis. */
class MatcherTest {
    static StoredFace face(String name, double x) {
        double[] e = new double[EncodingStore.DIMENSIONS];
        e[0] = x;
        return new StoredFace(name, "x.jpg", new Box(0, 1, 1, 0), e);
    }

    static double[] at(double x) {
        double[] e = new double[EncodingStore.DIMENSIONS];
        e[0] = x;
        return e;
    }

    @Test
    void mostVotesWinEvenAgainstANearerFace() {
        Matcher m = Matcher.of(List.of(face("ann", 0.1), face("bob", 0.45), face("bob", 0.5)), 0.6);
        assertEquals(new Matcher.Match("bob", 0.45, 2), m.match(at(0)));
    }

    @Test
    void aTieGoesToTheNearer() {
        Matcher m = Matcher.of(List.of(face("ann", 0.3), face("bob", -0.2)), 0.6);
        assertEquals(new Matcher.Match("bob", 0.2, 1), m.match(at(0)));
    }

    @Test
    void theToleranceItselfStillVotes() {
        Matcher m = Matcher.of(List.of(face("ann", 0.5)), 0.5);
        assertEquals("ann", m.match(at(0)).name());
        assertEquals(new Matcher.Match(Matcher.UNKNOWN, 0.5, 0), Matcher.of(List.of(face("ann", 0.5)), 0.49).match(at(0)));
    }
}
