package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import facerec.face.Box;
import facerec.face.FaceCrop;
import facerec.report.FaceRecord;
import facerec.store.Matcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Track linking and naming, without video or models: embeddings are points placed by hand. */
class TrackBookTest {
    static final Box SPOT = new Box(100, 200, 200, 100);
    static final Box MOVED = new Box(104, 204, 204, 104);

    /** A 128-d embedding at {@code x} along the first axis: distances are differences of x. */
    static double[] at(double x) {
        double[] e = new double[128];
        e[0] = x;
        return e;
    }

    static Observation detected(int local, Box box, double x, String name) {
        return new Observation(local, box, new Matcher.Match(name, 0.4, 1), at(x));
    }

    static Observation tracked(int local, Box box) {
        return new Observation(local, box, null, null);
    }

    @Test
    void aDetectionAtTheSameSpotContinuesTheTrackOnlyWhenItsEmbeddingAgrees() {
        TrackBook book = new TrackBook(false, 0.6);
        book.startChunk();
        int a = book.place(0, List.of(detected(0, SPOT, 0, "ann"))).get(0).track().id;
        book.place(1, List.of(tracked(0, MOVED)));
        book.startChunk();
        // Same place, 0.5 away: the same person.
        int same = book.place(2, List.of(detected(0, SPOT, 0.5, "ann"))).get(0).track().id;
        assertEquals(a, same);
        book.startChunk();
        // Same place, 1.2 away from every recent embedding: someone else after a cut.
        TrackBook.Placed other = book.place(3, List.of(detected(0, SPOT, 1.7, "bob"))).get(0);
        assertNotEquals(a, other.track().id);
        assertEquals("bob", book.show(List.of(other), 0).get(0).name());
        assertEquals(List.of("ann", "bob"), book.tracks().stream().map(TrackRecord::name).toList());
    }

    @Test
    void aDetectionElsewhereStartsATrackWhateverItsEmbedding() {
        TrackBook book = new TrackBook(false, 0.6);
        book.startChunk();
        int a = book.place(0, List.of(detected(0, SPOT, 0, "ann"))).get(0).track().id;
        book.startChunk();
        int far = book.place(1, List.of(detected(0, new Box(100, 400, 200, 300), 0, "ann"))).get(0).track().id;
        assertNotEquals(a, far);
    }

    @Test
    void aTrackShowsTheNameItsEmbeddingsSettleOnFromItsFirstFrame() {
        TrackBook book = new TrackBook(false, 0.6);
        List<List<TrackBook.Placed>> held = new ArrayList<>();
        // A stray first embedding (a profile placed near "bob"), then three that say "ann", within
        // the look-ahead: every frame shows ann, and so does the report's track.
        String[] names = {"bob", "ann", "ann", "ann"};
        for (int i = 0; i < names.length; i++) {
            book.startChunk();
            held.add(book.place(i, List.of(detected(0, SPOT, 0.1 * i, names[i]))));
        }
        for (List<TrackBook.Placed> frame : held) {
            FaceRecord f = book.show(frame, 0).get(0);
            assertEquals("ann", f.name());
            assertEquals(0, f.track());
        }
        // Once shown, the name stays: later embeddings can no longer relabel frames already written.
        book.startChunk();
        book.place(4, List.of(detected(0, SPOT, 0.3, "bob")));
        book.startChunk();
        List<TrackBook.Placed> late = book.place(5, List.of(detected(0, SPOT, 0.3, "bob")));
        book.startChunk();
        book.place(6, List.of(detected(0, SPOT, 0.3, "bob")));
        book.startChunk();
        book.place(7, List.of(detected(0, SPOT, 0.3, "bob")));
        assertEquals("ann", book.show(late, 0).get(0).name());
        assertEquals("ann", book.tracks().get(0).name());
        assertEquals(8, book.tracks().get(0).embeddings());
    }

    @Test
    void perFrameNamesKeepEachFacesOwnMatch() {
        TrackBook book = new TrackBook(true, 0.6);
        book.startChunk();
        List<TrackBook.Placed> first = book.place(0, List.of(detected(0, SPOT, 0, "ann")));
        book.startChunk();
        List<TrackBook.Placed> second = book.place(1, List.of(detected(0, SPOT, 0.2, "bob")));
        assertEquals("ann", book.show(first, 0).get(0).name());
        assertEquals("bob", book.show(second, 0).get(0).name());
        assertEquals(first.get(0).track().id, second.get(0).track().id);
    }

    @Test
    void twoFacesOfOneFrameNeverShareATrack() {
        TrackBook book = new TrackBook(false, 0.6);
        book.startChunk();
        book.place(0, List.of(detected(0, SPOT, 0, "ann")));
        book.startChunk();
        List<TrackBook.Placed> two = book.place(1, List.of(detected(0, SPOT, 0, "ann"), detected(1, MOVED, 0.1, "ann")));
        assertNotEquals(two.get(0).track().id, two.get(1).track().id);
    }

    /** What a listener hears, one line per call, in order. */
    @Test
    void listenersHearEachTracksStartItsDetectedFacesAndItsEndWithItsName() {
        List<String> heard = new ArrayList<>();
        TrackListener listener = new TrackListener() {
            @Override
            public void started(int track, int frame, Box box) {
                heard.add("start " + track + " at " + frame);
            }

            @Override
            public void detected(int track, int frame, Matcher.Match match, double[] embedding, FaceCrop crop) {
                heard.add("face " + track + " at " + frame + " " + match.name() + " " + embedding[0] + " " + (crop != null));
            }

            @Override
            public void ended(int track, String name) {
                heard.add("end " + track + " " + name);
            }
        };
        TrackBook book = new TrackBook(false, 0.6, Integer.MAX_VALUE, List.of(listener));
        book.startChunk();
        book.place(0, List.of(detected(0, SPOT, 0, "ann")));
        book.place(1, List.of(tracked(0, MOVED)));
        book.startChunk();
        FaceCrop crop = new FaceCrop(new byte[] {1}, 0.5);
        book.place(2, List.of(new Observation(0, SPOT, new Matcher.Match("bob", 0.5, 1), at(0.1), crop)));
        book.startChunk();
        // Someone else after a cut, at the same spot: ann's track ends, a new one starts.
        book.place(3, List.of(detected(0, SPOT, 1.7, "bob")));
        assertEquals(List.of("start 0 at 0", "face 0 at 0 ann 0.0 false", "face 0 at 2 bob 0.1 true",
                "start 1 at 3", "face 1 at 3 bob 1.7 false", "end 0 ann"), heard);
    }

    /** Only the tracks of the first frame keep the embedding that joins a range to the one before it. */
    @Test
    void onlyTheFirstFramesTracksKeepTheirFirstEmbedding() {
        TrackBook book = new TrackBook(false, 0.6);
        List<TrackBook.Placed> shown = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            book.startChunk();
            // Each frame someone else, named or not, at a new spot: every track lasts one frame.
            Box box = new Box(0, 10 + 20 * (i % 2), 10, 20 * (i % 2));
            shown.addAll(book.place(i, List.of(detected(0, box, 10 * i, i % 2 == 0 ? "ann" : Matcher.UNKNOWN))));
        }
        book.show(shown, 0);
        assertEquals(200, book.tracks().size());
        assertEquals(1, book.opening(0).size());
        assertEquals(List.of(), book.opening(100));
    }
}
