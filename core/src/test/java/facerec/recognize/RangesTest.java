package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import facerec.face.Box;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cutting a video into ranges and joining their tracks, without video: edges made by hand. */
class RangesTest {
    static final Box SPOT = new Box(100, 200, 200, 100);
    static final Box ELSEWHERE = new Box(100, 500, 200, 400);

    static TrackRecord track(int id, String name) {
        return new TrackRecord(id, name, 0, 0, 0.0, 0.0, 1, 1, 0.4);
    }

    static TrackEdge edge(int id, String name, Box box, double x) {
        return new TrackEdge(id, name, box, List.of(TrackBookTest.at(x)));
    }

    @Test
    void rangesStartOnChunkStartsAndTheLastReadsToTheEnd() {
        assertEquals(List.of(new Recognizer.Range(0, 248), new Recognizer.Range(248, 496), new Recognizer.Range(496, 744),
                new Recognizer.Range(744, Integer.MAX_VALUE)), Ranges.split(1078, 250, 8));
        // Less than half a range left over goes to the last one; a short video is one range.
        assertEquals(List.of(new Recognizer.Range(0, 248), new Recognizer.Range(248, Integer.MAX_VALUE)),
                Ranges.split(600, 250, 8));
        assertEquals(List.of(new Recognizer.Range(0, Integer.MAX_VALUE)), Ranges.split(100, 250, 8));
    }

    @Test
    void aFaceAtTheSameSpotWithAnAgreeingEmbeddingContinuesItsTrackAndItsName() {
        // Range 0 ends with ann at SPOT and bob elsewhere; range 1 opens with a face at SPOT that
        // agrees with ann (0.3 away), one at SPOT that does not (a cut to someone else), and bob.
        Ranges.Part first = new Ranges.Part(0, "r0", List.of(track(0, "ann"), track(1, "bob"), track(2, "cy")), List.of(),
                List.of(edge(1, "bob", ELSEWHERE, 5), edge(2, "cy", SPOT, 0)), true);
        Ranges.Part second = new Ranges.Part(248, "r1", List.of(track(0, "Unknown"), track(1, "bob"), track(2, "dee")),
                List.of(edge(0, "Unknown", SPOT, 0.3), edge(1, "bob", ELSEWHERE, 5.2), edge(2, "dee", ELSEWHERE, 9)), List.of(),
                true);
        List<Map<Integer, Ranges.Whole>> ids = Ranges.join(List.of(first, second), 0.6);
        assertEquals(Map.of(0, new Ranges.Whole(0, "ann"), 1, new Ranges.Whole(1, "bob"), 2, new Ranges.Whole(2, "cy")),
                ids.get(0));
        // Its first face continues cy, under cy's name; bob goes on; dee, claimed by nobody, is new.
        assertEquals(Map.of(0, new Ranges.Whole(2, "cy"), 1, new Ranges.Whole(1, "bob"), 2, new Ranges.Whole(3, "dee")),
                ids.get(1));
    }

    @Test
    void aFaceAtTheSameSpotThatDisagreesStartsANewTrack() {
        Ranges.Part first = new Ranges.Part(0, "r0", List.of(track(0, "ann")), List.of(), List.of(edge(0, "ann", SPOT, 0)),
                true);
        Ranges.Part second = new Ranges.Part(8, "r1", List.of(track(0, "bob")), List.of(edge(0, "bob", SPOT, 1.2)), List.of(),
                true);
        assertEquals(Map.of(0, new Ranges.Whole(1, "bob")), Ranges.join(List.of(first, second), 0.6).get(1));
    }
}
