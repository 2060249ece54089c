package facerec.store;

import java.util.HashMap;
import java.util.Map;

/**
 * A track's vote over its own embeddings' matches: the name matched most often wins, a tie goes
 * to the name matched nearer. One embedding's stray match is outvoted by the track's others. The
 * rule of a recognize run and of a relabel alike, so that both name a track the same.
 */
public final class Votes {
    /** How often one name won, and its nearest match's distance and votes. */
    public static final class Tally {
        private int wins;
        private double distance = Double.POSITIVE_INFINITY;
        private int votes;

        public int wins() {
            return wins;
        }

        public double distance() {
            return distance;
        }

        public int votes() {
            return votes;
        }
    }

    private final Map<String, Tally> tallies = new HashMap<>();
    private int cast;

    /** One embedding's match. */
    public void add(Matcher.Match m) {
        cast++;
        Tally t = tallies.computeIfAbsent(m.name(), n -> new Tally());
        t.wins++;
        if (m.distance() < t.distance) {
            t.distance = m.distance();
            t.votes = m.votes();
        }
    }

    /** How many matches were added. */
    public int cast() {
        return cast;
    }

    /** Most wins; a tie goes to the nearer. {@link Matcher#UNKNOWN} when nothing was added. */
    public String winner() {
        String best = Matcher.UNKNOWN;
        Tally top = null;
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            if (top == null || t.wins > top.wins || (t.wins == top.wins && t.distance < top.distance)) {
                best = e.getKey();
                top = t;
            }
        }
        return best;
    }

    /** The tally of {@code name}, or null when no match gave it. */
    public Tally of(String name) {
        return tallies.get(name);
    }
}
