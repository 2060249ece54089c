package facerec.store;

import facerec.face.FaceAnalyzer;
import java.util.Arrays;
import java.util.List;

/**
 * The vote of {@link Matcher} over every stored embedding, packed into one array so that a
 * match is a single pass over contiguous memory. Doubles, as face_recognition compares them.
 */
final class ExactMatcher implements Matcher {
    private static final int D = EncodingStore.DIMENSIONS;

    private final double[] packed;
    private final int[] person;
    private final List<String> people;
    private final double tolerance;

    ExactMatcher(double[] packed, int[] person, List<String> people, double tolerance) {
        this.packed = packed;
        this.person = person;
        this.people = people;
        this.tolerance = tolerance;
    }

    @Override
    public Match match(double[] embedding) {
        Votes v = new Votes(people, tolerance);
        for (int i = 0; i < person.length; i++) {
            v.add(person[i], FaceAnalyzer.distance(packed, i * D, embedding));
        }
        return v.result();
    }

    /** The tally of one match: votes and nearest distance per person. */
    static final class Votes {
        private final List<String> people;
        private final double tolerance;
        private final int[] votes;
        private final double[] nearest;
        private double nearestAll = Double.POSITIVE_INFINITY;

        Votes(List<String> people, double tolerance) {
            this.people = people;
            this.tolerance = tolerance;
            this.votes = new int[people.size()];
            this.nearest = new double[people.size()];
            Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        }

        void add(int p, double dist) {
            nearestAll = Math.min(nearestAll, dist);
            nearest[p] = Math.min(nearest[p], dist);
            // face_recognition.compare_faces: a match is distance <= tolerance.
            if (dist <= tolerance) {
                votes[p]++;
            }
        }

        Match result() {
            int best = -1;
            for (int p = 0; p < votes.length; p++) {
                if (votes[p] > 0 && (best < 0 || votes[p] > votes[best]
                        || (votes[p] == votes[best] && nearest[p] < nearest[best]))) {
                    best = p;
                }
            }
            return best < 0 ? new Match(UNKNOWN, nearestAll, 0) : new Match(people.get(best), nearest[best], votes[best]);
        }
    }
}
