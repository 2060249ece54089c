package facerec.recognize;

import facerec.face.Box;
import facerec.face.FaceAnalyzer;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The one rule by which a face continues a track, from frame to frame ({@link TrackBook}) and
 * from one range of a video to the next ({@link Ranges}): of the tracks it may continue, the one
 * whose last box overlaps the face's most, by at least {@link TrackBook#LINK_IOU}, and whose
 * recent embeddings agree with the face's. Overlap alone would carry a name across a cut to
 * another face at the same spot.
 */
final class TrackLink {
    private TrackLink() {}

    /**
     * The track that a face continues, or null.
     *
     * @param tracks    those it may continue (unclaimed, seen just before)
     * @param box       a track's last box
     * @param recent    a track's latest embeddings
     * @param face      the face's box
     * @param embedding the face's embedding, or null when it was tracked, not detected
     */
    static <T> T best(List<T> tracks, Function<T, Box> box, Function<T, Collection<double[]>> recent, Box face, double[] embedding,
            double tolerance) {
        T best = null;
        double bestIou = TrackBook.LINK_IOU;
        for (T t : tracks) {
            double iou = box.apply(t).iou(face);
            if (iou >= bestIou && agrees(recent.apply(t), embedding, tolerance)) {
                best = t;
                bestIou = iou;
            }
        }
        return best;
    }

    /** Whether a face's embedding is within the tolerance of one of a track's recent ones; true when either has none. */
    static boolean agrees(Collection<double[]> recent, double[] embedding, double tolerance) {
        return embedding == null || recent.isEmpty()
                || recent.stream().anyMatch(e -> FaceAnalyzer.distance(e, embedding) <= tolerance);
    }
}
