package facerec.report;

import facerec.store.Matcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who appears when: per person, the frames they are named in, merged into segments where
 * appearances less than the gap apart join. Holds one small entry per segment, not per frame.
 * {@code Unknown} is not a person and has no entry.
 */
public final class Timeline {
    /** A stretch of time from the first to the last frame a person is named in. */
    public record Segment(double startMs, double endMs) {}

    /** A person's appearances: frame count and segments, in time order. */
    public record Person(String name, int frames, List<Segment> segments) {
        public double firstMs() {
            return segments.get(0).startMs();
        }

        public double lastMs() {
            return segments.get(segments.size() - 1).endMs();
        }
    }

    private final double gapMs;
    private final Map<String, int[]> frames = new LinkedHashMap<>();
    private final Map<String, List<double[]>> segments = new LinkedHashMap<>();

    /**
     * The gap rule, the one by which the report, the page and its thumbnails join appearances:
     * an appearance at {@code timeMs} continues a segment last seen at {@code lastMs} when they
     * are less than the gap apart.
     */
    public static boolean joins(double lastMs, double timeMs, double gapMs) {
        return timeMs - lastMs < gapMs;
    }

    public Timeline(double gapSeconds) {
        this.gapMs = gapSeconds * 1000;
    }

    /** Records one frame: the names seen in it (each counted once per frame). */
    public void add(double timeMs, Collection<String> names) {
        for (String name : names.stream().distinct().toList()) {
            if (Matcher.UNKNOWN.equals(name)) {
                continue;
            }
            frames.computeIfAbsent(name, n -> new int[1])[0]++;
            List<double[]> list = segments.computeIfAbsent(name, n -> new ArrayList<>());
            double[] last = list.isEmpty() ? null : list.get(list.size() - 1);
            if (last != null && joins(last[1], timeMs, gapMs)) {
                last[1] = timeMs;
            } else {
                list.add(new double[] {timeMs, timeMs});
            }
        }
    }

    /** Everyone seen, in order of first appearance. */
    public List<Person> people() {
        List<Person> people = new ArrayList<>();
        segments.forEach((name, list) -> people.add(new Person(name, frames.get(name)[0],
                list.stream().map(s -> new Segment(s[0], s[1])).toList())));
        return people;
    }
}
