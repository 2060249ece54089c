package facerec.recognize;

import facerec.FacerecException;
import facerec.report.FaceRecord;
import facerec.report.ReportReader;
import facerec.report.ReportWriter;
import facerec.report.Timeline;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A long video in ranges, for workers that take one each ({@code facerec.spark}): where to cut
 * it, and how to put the ranges' tracks and reports back together as the whole video's run
 * would have written them. Ranges start on chunk starts, so every frame is detected or tracked
 * as in the whole run; what a range cannot see is the track that ran up to its first frame. At
 * a range's first frame, a keyframe, the whole run would have linked each face to a track of
 * the frame before by box overlap and embedding agreement ({@link TrackBook}): {@link #join}
 * does the same with the tracks at the ranges' edges.
 */
public final class Ranges {
    private Ranges() {}

    /** What a range's run left: where it starts, its report, its tracks, the tracks at its edges, whether it was read whole. */
    public record Part(int start, String report, List<TrackRecord> tracks, List<TrackEdge> opening, List<TrackEdge> ending,
            boolean complete) implements Serializable {}

    /** A range's track as the whole video knows it: its id there and the name its frames show. */
    public record Whole(int id, String name) {}

    /**
     * The ranges of a video of about {@code frames} frames, about {@code target} frames each and
     * cut on multiples of {@code chunkFrames}; the last one reads to the end, however long.
     */
    public static List<Recognizer.Range> split(int frames, int target, int chunkFrames) {
        int size = Math.max(chunkFrames, target / chunkFrames * chunkFrames);
        List<Recognizer.Range> ranges = new ArrayList<>();
        for (int start = 0; start == 0 || start + size / 2 < frames; start += size) {
            ranges.add(new Recognizer.Range(start, start + size));
        }
        Recognizer.Range last = ranges.remove(ranges.size() - 1);
        ranges.add(new Recognizer.Range(last.start(), Integer.MAX_VALUE));
        return ranges;
    }

    /**
     * Per part, in order, each of its tracks' ids and names in the whole video. Ids are given
     * in order of appearance, as the whole run gives them; a track that continues one of the
     * previous range's takes that track's id and name.
     */
    public static List<Map<Integer, Whole>> join(List<Part> parts, double tolerance) {
        List<Map<Integer, Whole>> out = new ArrayList<>();
        Map<Integer, Whole> previous = Map.of();
        int next = 0;
        for (int k = 0; k < parts.size(); k++) {
            Part p = parts.get(k);
            Map<Integer, Integer> continues = k == 0 ? Map.of() : link(parts.get(k - 1).ending(), p.opening(), tolerance);
            Map<Integer, Whole> ids = new TreeMap<>();
            List<TrackRecord> byId = new ArrayList<>(p.tracks());
            byId.sort((a, b) -> Integer.compare(a.id(), b.id()));
            for (TrackRecord t : byId) {
                Whole earlier = continues.containsKey(t.id()) ? previous.get(continues.get(t.id())) : null;
                ids.put(t.id(), earlier != null ? earlier : new Whole(next++, t.name()));
            }
            out.add(ids);
            previous = ids;
        }
        return out;
    }

    /**
     * Which track of the previous range's last frame each of this range's first faces
     * continues, by {@link TrackBook}'s rule: the unclaimed one that overlaps most (at least
     * {@link TrackBook#LINK_IOU}) and whose recent embeddings agree with the face's.
     */
    static Map<Integer, Integer> link(List<TrackEdge> ending, List<TrackEdge> opening, double tolerance) {
        Map<Integer, Integer> links = new HashMap<>();
        Set<Integer> claimed = new HashSet<>();
        for (TrackEdge o : opening) {
            List<TrackEdge> open = ending.stream().filter(e -> !claimed.contains(e.track())).toList();
            TrackEdge best = TrackLink.best(open, TrackEdge::box, TrackEdge::embeddings, o.box(),
                    o.embeddings().isEmpty() ? null : o.embeddings().get(0), tolerance);
            if (best != null) {
                claimed.add(best.track());
                links.put(o.track(), best.track());
            }
        }
        return links;
    }

    /** The whole video's report, its people and its tracks. */
    public record Merged(List<Timeline.Person> people, List<TrackRecord> tracks, int frames, boolean complete) {}

    /**
     * Writes the whole video's report from its parts' (which it then leaves to the caller):
     * every frame in order, each face with its track's id and name in the whole video, the
     * tracks joined, and who appears when. A joined track's votes and distance are its
     * parts' for the name it shows; each face keeps the distance its range gave it.
     */
    public static Merged merge(String input, Path report, List<Part> parts, double tolerance, double gapSeconds) {
        List<Map<Integer, Whole>> ids = join(parts, tolerance);
        Timeline timeline = new Timeline(gapSeconds);
        Map<Integer, TrackRecord> tracks = new TreeMap<>();
        ReportWriter writer = null;
        int frames = 0;
        boolean complete = true;
        try {
            for (int k = 0; k < parts.size(); k++) {
                try (ReportReader r = ReportReader.open(Path.of(parts.get(k).report()))) {
                    ReportReader.Header h = r.header();
                    if (writer == null) {
                        writer = new ReportWriter(report, input, h.fps(), h.width(), h.height(), h.naming());
                    }
                    Map<Integer, Whole> whole = ids.get(k);
                    for (ReportWriter.FrameRecord f; (f = r.next()) != null; ) {
                        List<FaceRecord> faces = new ArrayList<>();
                        List<String> names = new ArrayList<>();
                        for (FaceRecord face : f.faces()) {
                            Whole w = whole.get(face.track());
                            faces.add(new FaceRecord(w.name(), face.distance(), face.votes(), face.box(), w.id(), face.embedding()));
                            names.add(w.name());
                        }
                        writer.frame(f.index(), f.timeMs(), faces);
                        timeline.add(f.timeMs(), names);
                        frames++;
                    }
                    complete &= parts.get(k).complete() && h.complete();
                }
                for (TrackRecord t : parts.get(k).tracks()) {
                    Whole w = ids.get(k).get(t.id());
                    tracks.merge(w.id(), renamed(t, w), Ranges::joined);
                }
            }
            if (writer == null) {
                throw new FacerecException(input + ": no range to merge");
            }
            List<TrackRecord> all = List.copyOf(tracks.values());
            writer.finish(complete, timeline.people(), Map.of("tracks", all));
            return new Merged(timeline.people(), all, frames, complete);
        } catch (IOException e) {
            if (writer != null) {
                writer.close();
            }
            throw new FacerecException("cannot read a range's report of " + input + ": " + FacerecException.reason(e), e);
        } catch (RuntimeException e) {
            if (writer != null) {
                writer.close();
            }
            throw e;
        }
    }

    /**
     * A part's track under its whole id and name; its votes and distance count only for that
     * name. Its name is the join's, not a vote of its first embeddings: no {@code settledBy}.
     */
    private static TrackRecord renamed(TrackRecord t, Whole w) {
        boolean same = t.name().equals(w.name());
        return new TrackRecord(w.id(), w.name(), t.firstFrame(), t.lastFrame(), t.firstMs(), t.lastMs(),
                same ? t.votes() : 0, t.embeddings(), same ? t.distance() : null, null);
    }

    private static TrackRecord joined(TrackRecord a, TrackRecord b) {
        Double distance = a.distance() == null ? b.distance() : b.distance() == null ? a.distance()
                : Math.min(a.distance(), b.distance());
        return new TrackRecord(a.id(), a.name(), Math.min(a.firstFrame(), b.firstFrame()),
                Math.max(a.lastFrame(), b.lastFrame()), a.firstMs() != null ? a.firstMs() : b.firstMs(),
                b.lastMs() != null ? b.lastMs() : a.lastMs(), a.votes() + b.votes(), a.embeddings() + b.embeddings(),
                distance, null);
    }
}
