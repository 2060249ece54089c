package facerec.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import facerec.face.Box;
import facerec.store.EncodingStore.Skipped;
import facerec.store.EncodingStore.StoredFace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which faces two names may not share: the decision alone, on embeddings placed at known distances. */
class ConflictsTest {
    private static StoredFace face(String name, String image, double x) {
        double[] e = new double[128];
        e[0] = x;
        return new StoredFace(name, image, new Box(0, 10, 10, 0), e);
    }

    @Test
    void aFaceWithinTheBoundOfAnotherNamesFaceIsEnrolledUnderNeither() {
        List<StoredFace> faces = List.of(face("a", "a/1.jpg", 0), face("b", "b/1.jpg", 0), face("c", "c/1.jpg", 0.149),
                face("a", "a/2.jpg", 5), face("a", "a/3.jpg", 5.01), face("d", "d/1.jpg", 5.16));
        Conflicts.Resolved r = Conflicts.resolve(faces, List.of(new Skipped("e/x.jpg", "no face found")));
        // One person's two near-identical photos are no conflict; 0.16 apart under two names is none either.
        assertEquals(List.of("a/2.jpg", "a/3.jpg", "d/1.jpg"), r.faces().stream().map(StoredFace::image).toList());
        assertEquals(List.of(new Skipped("e/x.jpg", "no face found"),
                new Skipped("a/1.jpg", "the same photo under another name: b (b/1.jpg, distance 0.000); enrolled under neither"),
                new Skipped("b/1.jpg", "the same photo under another name: a (a/1.jpg, distance 0.000); enrolled under neither"),
                new Skipped("c/1.jpg", "the same face under another name: a (a/1.jpg, distance 0.149); enrolled under neither")),
                r.skipped());
    }
}
