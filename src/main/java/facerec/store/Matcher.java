package facerec.store;

import facerec.store.EncodingStore.StoredFace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names a face by the votes of the stored embeddings: every stored embedding within the
 * tolerance votes for its person; most votes wins, a tie goes to the person whose nearest
 * embedding is closer; no vote gives {@link #UNKNOWN}. The stored embeddings are packed into
 * one array, so one match is a single pass over contiguous memory. Immutable: share it.
 */
public final class Matcher {
    public static final String UNKNOWN = "Unknown";

    /** The chosen name, the distance to that person's nearest embedding (or to the nearest at all, for Unknown), and its votes. */
    public record Match(String name, double distance, int votes) {}

    private final double[] packed;
    private final int[] person;
    private final List<String> people;
    private final double tolerance;

    public Matcher(List<StoredFace> faces, double tolerance) {
        this.tolerance = tolerance;
        this.packed = new double[faces.size() * EncodingStore.DIMENSIONS];
        this.person = new int[faces.size()];
        Map<String, Integer> ids = new HashMap<>();
        this.people = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            StoredFace f = faces.get(i);
            person[i] = ids.computeIfAbsent(f.name(), n -> {
                people.add(n);
                return people.size() - 1;
            });
            System.arraycopy(f.embedding(), 0, packed, i * EncodingStore.DIMENSIONS, EncodingStore.DIMENSIONS);
        }
    }

    public List<String> people() {
        return List.copyOf(people);
    }

    public Match match(double[] embedding) {
        int n = people.size();
        int[] votes = new int[n];
        double[] nearest = new double[n];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        double nearestAll = Double.POSITIVE_INFINITY;
        for (int i = 0; i < person.length; i++) {
            int o = i * EncodingStore.DIMENSIONS;
            double sum = 0;
            for (int k = 0; k < EncodingStore.DIMENSIONS; k++) {
                double d = packed[o + k] - embedding[k];
                sum += d * d;
            }
            double dist = Math.sqrt(sum);
            nearestAll = Math.min(nearestAll, dist);
            nearest[person[i]] = Math.min(nearest[person[i]], dist);
            // face_recognition.compare_faces: a match is distance <= tolerance.
            if (dist <= tolerance) {
                votes[person[i]]++;
            }
        }
        int best = -1;
        for (int p = 0; p < n; p++) {
            if (votes[p] > 0 && (best < 0 || votes[p] > votes[best]
                    || (votes[p] == votes[best] && nearest[p] < nearest[best]))) {
                best = p;
            }
        }
        return best < 0 ? new Match(UNKNOWN, nearestAll, 0) : new Match(people.get(best), nearest[best], votes[best]);
    }
}
