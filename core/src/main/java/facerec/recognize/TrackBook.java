package facerec.recognize;

import facerec.face.Box;
import facerec.report.FaceRecord;
import facerec.store.Matcher;
import facerec.store.Votes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer thread's record of face tracks across the whole video: a track is one person.
 *
 * <p>A worker's detection continues the track that ran up to the frame before only when the
 * two are in the same place (box overlap) and the new embedding is within the tolerance of
 * one of the track's recent embeddings; otherwise it starts a new track. Box overlap alone
 * would carry a name across a cut to another face at the same spot. A track is named by the
 * vote of its own embeddings, and its name is settled when its first frame is shown ({@link
 * #show}), which the caller delays by a look-ahead: by then the track has had several
 * embeddings, so one stray embedding is outvoted, and every frame of a track shows the same
 * name as the report's {@code tracks}. What else a track's faces are for (the page's crops, the
 * unknown people) is its listeners' ({@link TrackListener}).
 */
final class TrackBook {

    /** A face on its track, waiting to be shown. */
    record Placed(Track track, Observation observation) {}

    static final class Track {
        final int id;
        final int firstFrame;
        int lastFrame;
        Box lastBox;
        int embeddings;
        final Votes votes = new Votes();
        /** The latest embeddings, which a new detection must agree with to continue the track. */
        final Deque<double[]> recent = new ArrayDeque<>();
        /** The name the track's frames show, fixed when the first one is shown. */
        String shown;
        /** How many of its embeddings had voted when that name was fixed (a relabel votes over as many). */
        Integer settledBy;
        double firstMs = Double.NaN;
        double lastMs = Double.NaN;

        /**
         * Where it began: a range's first tracks are joined to the previous range's on these. Only
         * the tracks of the first frame placed keep an embedding for it.
         */
        final Box firstBox;
        double[] firstEmbedding;

        Track(int id, int frame, Box box) {
            this.id = id;
            this.firstFrame = frame;
            this.lastFrame = frame;
            this.lastBox = box;
            this.firstBox = box;
        }

        String name() {
            return shown != null ? shown : votes.winner();
        }
    }

    /** Two boxes of consecutive frames at least this close (intersection over union) may be one face. */
    public static final double LINK_IOU = 0.3;
    /** How many of a track's latest embeddings a new detection is compared with. */
    static final int RECENT = 4;

    private final boolean perFrameNames;
    private final double tolerance;
    private final List<TrackListener> listeners;
    private final List<Track> active = new ArrayList<>();
    private final List<Track> ended = new ArrayList<>();
    private final Map<Integer, Track> chunkTracks = new HashMap<>();
    private final int limit;
    private List<TrackEdge> ending = List.of();
    private int nextId;
    /** The first frame placed: a range's, whose tracks {@link #opening} gives. */
    private int firstIndex = -1;

    /**
     * @param perFrameNames name each face by its own embedding (every frame detected), not by its track's vote
     * @param tolerance     the largest distance between two embeddings of one person
     */
    TrackBook(boolean perFrameNames, double tolerance) {
        this(perFrameNames, tolerance, Integer.MAX_VALUE, List.of());
    }

    /**
     * @param limit the first frame past a range of the video ({@link Recognizer.Range}): later
     *              frames are placed, so that names are voted as over the whole video, but no
     *              track is recorded past it, and the tracks of its last frame are kept ({@link #ending})
     * @param listeners told of each track's start, faces and end, as they are placed
     */
    TrackBook(boolean perFrameNames, double tolerance, int limit, List<TrackListener> listeners) {
        this.perFrameNames = perFrameNames;
        this.tolerance = tolerance;
        this.limit = limit;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * The tracks of the range's last frame: their boxes and recent embeddings as they were then,
     * and the names they show (settled later, by the frames past it). Empty before it is placed.
     */
    List<TrackEdge> ending() {
        Map<Integer, String> names = new HashMap<>();
        all().forEach(t -> names.put(t.id, t.name()));
        return ending.stream().map(e -> new TrackEdge(e.track(), names.get(e.track()), e.box(), e.embeddings())).toList();
    }

    /** The tracks that began on {@code frame} (a range's first), in the order they were found. */
    List<TrackEdge> opening(int frame) {
        return all().stream().filter(t -> t.firstFrame == frame && t.firstEmbedding != null)
                .map(t -> new TrackEdge(t.id, t.name(), t.firstBox, List.of(t.firstEmbedding))).toList();
    }

    /** Every track, ended or running, in order of their ids (the order they began in). */
    private List<Track> all() {
        List<Track> all = new ArrayList<>(ended);
        all.addAll(active);
        all.sort((a, b) -> Integer.compare(a.id, b.id));
        return all;
    }

    /** A new chunk starts: its local track ids mean nothing yet. */
    void startChunk() {
        chunkTracks.clear();
    }

    /** Puts one frame's faces on tracks, continuing or starting them, and counts their votes. */
    List<Placed> place(int index, List<Observation> faces) {
        if (firstIndex < 0) {
            firstIndex = index;
        }
        List<Track> claimed = new ArrayList<>();
        List<Placed> placed = new ArrayList<>();
        for (Observation o : faces) {
            Track t = chunkTracks.get(o.localTrack());
            if (t == null) {
                t = link(index, o, claimed);
                chunkTracks.put(o.localTrack(), t);
            }
            claimed.add(t);
            t.lastFrame = index;
            t.lastBox = o.box();
            if (o.detected()) {
                if (t.firstEmbedding == null && t.firstFrame == index && index == firstIndex) {
                    t.firstEmbedding = o.embedding();
                }
                t.embeddings++;
                for (TrackListener l : listeners) {
                    l.detected(t.id, index, o.match(), o.embedding(), o.crop());
                }
                t.recent.addLast(o.embedding());
                if (t.recent.size() > RECENT) {
                    t.recent.removeFirst();
                }
                t.votes.add(o.match());
            }
            placed.add(new Placed(t, o));
        }
        retire(index);
        if (index == limit - 1) {
            ending = active.stream().map(t -> new TrackEdge(t.id, t.name(), t.lastBox, List.copyOf(t.recent))).toList();
        }
        return placed;
    }

    /** The faces of a frame as shown at {@code timeMs}: each with its track's settled name (or, per frame, its own). */
    List<FaceRecord> show(List<Placed> faces, double timeMs) {
        List<FaceRecord> records = new ArrayList<>(faces.size());
        for (Placed p : faces) {
            Track t = p.track();
            if (Double.isNaN(t.firstMs)) {
                t.firstMs = timeMs;
            }
            t.lastMs = timeMs;
            Matcher.Match m = p.observation().match();
            if (!perFrameNames) {
                if (t.shown == null) {
                    t.shown = t.votes.winner();
                    t.settledBy = t.votes.cast();
                }
                Votes.Tally tally = t.votes.of(t.shown);
                m = new Matcher.Match(t.shown, tally.distance(), tally.votes());
            }
            Observation o = p.observation();
            records.add(new FaceRecord(m.name(), Math.round(m.distance() * 1e4) / 1e4, m.votes(), o.box(), t.id,
                    o.detected() ? FaceRecord.floats(o.embedding()) : null));
        }
        return records;
    }

    private Track link(int index, Observation o, List<Track> claimed) {
        List<Track> open = active.stream().filter(t -> t.lastFrame == index - 1 && !claimed.contains(t)).toList();
        Track best = TrackLink.best(open, t -> t.lastBox, t -> t.recent, o.box(),
                o.detected() ? o.embedding() : null, tolerance);
        if (best == null) {
            best = new Track(nextId++, index, o.box());
            active.add(best);
            for (TrackListener l : listeners) {
                l.started(best.id, index, o.box());
            }
        }
        return best;
    }

    /** Tracks not seen in this frame have ended. */
    private void retire(int index) {
        active.removeIf(t -> {
            if (t.lastFrame < index) {
                t.recent.clear();
                ended.add(t);
                for (TrackListener l : listeners) {
                    l.ended(t.id, t.name());
                }
                return true;
            }
            return false;
        });
    }

    /** Every track, ended or running, in order of their ids. */
    List<TrackRecord> tracks() {
        return all().stream().filter(t -> t.firstFrame < limit).map(this::record).toList();
    }

    private TrackRecord record(Track t) {
        String name = t.name();
        Votes.Tally tally = t.votes.of(name);
        boolean shown = !Double.isNaN(t.firstMs);
        Double distance = tally == null || Double.isInfinite(tally.distance()) ? null
                : Math.round(tally.distance() * 1e4) / 1e4;
        return new TrackRecord(t.id, name, t.firstFrame, Math.min(t.lastFrame, limit - 1), shown ? t.firstMs : null,
                shown ? t.lastMs : null, tally == null ? 0 : tally.wins(), t.embeddings, distance, t.settledBy);
    }
}
