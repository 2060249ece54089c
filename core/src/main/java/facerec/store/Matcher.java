package facerec.store;

import facerec.store.EncodingStore.StoredFace;
import java.util.List;

/**
 * Names a face by the votes of the stored embeddings, as face_recognition's compare_faces and
 * the tutorial's vote do: every stored embedding within the tolerance votes for its person;
 * most votes wins, a tie goes to the person whose nearest embedding is closer; no vote gives
 * {@link #UNKNOWN}. Safe to share between threads.
 */
public interface Matcher {
    String UNKNOWN = "Unknown";

    /** The chosen name, the distance to that person's nearest embedding (or to the nearest at all, for Unknown), and its votes. */
    record Match(String name, double distance, int votes) {}

    Match match(double[] embedding);

    /** The matcher {@link Gallery} would make of these faces. */
    static Matcher of(List<StoredFace> faces, double tolerance) {
        Gallery.Builder b = new Gallery.Builder(tolerance, Gallery.SCAN_LIMIT);
        try {
            faces.forEach(b::add);
            return b.build();
        } finally {
            b.discard();
        }
    }
}
