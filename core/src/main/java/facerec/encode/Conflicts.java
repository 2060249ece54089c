package facerec.encode;

import facerec.face.FaceAnalyzer;
import facerec.store.EncodingStore.Skipped;
import facerec.store.EncodingStore.StoredFace;
import java.util.ArrayList;
import java.util.List;

/**
 * The same face enrolled under two names: a photo copied into two people's folders, or resaved
 * or resized there. recognize would then name that person by whichever name the vote favours,
 * so neither name may keep the face: each copy is skipped, with the other named as the reason.
 * Another photo of one person lies 0.3 or more from the first; a copy, resaved at JPEG quality 70
 * or shrunk to 70%, lies within 0.07 (face_recognition's obama.jpg).
 */
public final class Conflicts {
    /** Faces of two names closer than this are one face. */
    public static final double SAME_FACE = 0.15;

    /** The faces without the conflicting ones, and the skipped photos with them. */
    public record Resolved(List<StoredFace> faces, List<Skipped> skipped) {}

    private Conflicts() {}

    /** Every pair of faces under two names is compared, each given up at its first numbers beyond the bound. */
    public static Resolved resolve(List<StoredFace> faces, List<Skipped> skipped) {
        String[] reason = new String[faces.size()];
        for (int i = 0; i < faces.size(); i++) {
            for (int j = i + 1; j < faces.size(); j++) {
                StoredFace a = faces.get(i);
                StoredFace b = faces.get(j);
                if (a.name().equals(b.name())) {
                    continue;
                }
                if (!within(a.embedding(), b.embedding(), SAME_FACE)) {
                    continue;
                }
                double d = FaceAnalyzer.distance(a.embedding(), b.embedding());
                if (d < SAME_FACE) {
                    reason[i] = reason[i] != null ? reason[i] : describe(b, d);
                    reason[j] = reason[j] != null ? reason[j] : describe(a, d);
                }
            }
        }
        List<StoredFace> kept = new ArrayList<>();
        List<Skipped> all = new ArrayList<>(skipped);
        for (int i = 0; i < faces.size(); i++) {
            if (reason[i] == null) {
                kept.add(faces.get(i));
            } else {
                all.add(new Skipped(faces.get(i).image(), reason[i]));
            }
        }
        return new Resolved(kept, all);
    }

    /**
     * Whether two embeddings may lie within {@code bound}: the sum of squares stops as soon as
     * it passes the bound, within a few of the 128 numbers for faces of two people, so that
     * comparing every pair of a large dataset costs little more than reading it.
     */
    static boolean within(double[] a, double[] b, double bound) {
        double limit = bound * bound;
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
            if (sum >= limit) {
                return false;
            }
        }
        return true;
    }

    private static String describe(StoredFace other, double distance) {
        return String.format(java.util.Locale.ROOT, "%s under another name: %s (%s, distance %.3f); enrolled under neither",
                distance == 0 ? "the same photo" : "the same face", other.name(), other.image(), distance);
    }
}
