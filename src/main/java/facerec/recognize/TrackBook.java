package facerec.recognize;

import facerec.face.Box;
import facerec.report.FaceRecord;
import facerec.store.Matcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer thread's record of face tracks across the whole video. It links each chunk's
 * tracks to the tracks that ran up to the frame before (by box overlap), and names a track by
 * the vote of every embedding it has had: steadier than naming each frame on its own.
 */
final class TrackBook {
    /** A track's ending state, for the report. */
    public record TrackRecord(int id, String name, int firstFrame, int lastFrame, int votes, int embeddings) {}

    /** How often one name won among a track's embeddings, and its best distance and votes. */
    private static final class Tally {
        int wins;
        double distance = Double.POSITIVE_INFINITY;
        int votes;
    }

    private static final class Track {
        final int id;
        final int firstFrame;
        int lastFrame;
        Box lastBox;
        int embeddings;
        final Map<String, Tally> tallies = new HashMap<>();

        Track(int id, int frame, Box box) {
            this.id = id;
            this.firstFrame = frame;
            this.lastFrame = frame;
            this.lastBox = box;
        }

        String name() {
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
    }

    static final double LINK_IOU = 0.3;

    private final boolean perFrameNames;
    private final List<Track> active = new ArrayList<>();
    private final List<TrackRecord> ended = new ArrayList<>();
    private final Map<Integer, Track> chunkTracks = new HashMap<>();
    private int nextId;

    /** @param perFrameNames name each face by its own embedding (every frame detected), not by its track's vote */
    TrackBook(boolean perFrameNames) {
        this.perFrameNames = perFrameNames;
    }

    /** A new chunk starts: its local track ids mean nothing yet. */
    void startChunk() {
        chunkTracks.clear();
    }

    /** Names one frame's faces, continuing or starting tracks. */
    List<FaceRecord> frame(int index, List<Observation> faces) {
        List<Track> claimed = new ArrayList<>();
        List<FaceRecord> records = new ArrayList<>();
        for (Observation o : faces) {
            Track t = chunkTracks.get(o.localTrack());
            if (t == null) {
                t = link(index, o.box(), claimed);
                chunkTracks.put(o.localTrack(), t);
            }
            claimed.add(t);
            t.lastFrame = index;
            t.lastBox = o.box();
            if (o.detected()) {
                t.embeddings++;
                Tally tally = t.tallies.computeIfAbsent(o.match().name(), n -> new Tally());
                tally.wins++;
                if (o.match().distance() < tally.distance) {
                    tally.distance = o.match().distance();
                    tally.votes = o.match().votes();
                }
            }
            Matcher.Match m = o.match();
            Tally tally = t.tallies.get(t.name());
            if (!perFrameNames && tally != null) {
                m = new Matcher.Match(t.name(), tally.distance, tally.votes);
            }
            records.add(new FaceRecord(m.name(), Math.round(m.distance() * 1e4) / 1e4, m.votes(), o.box(), t.id));
        }
        retire(index);
        return records;
    }

    private Track link(int index, Box box, List<Track> claimed) {
        Track best = null;
        double bestIou = LINK_IOU;
        for (Track t : active) {
            double iou = t.lastBox.iou(box);
            if (t.lastFrame == index - 1 && !claimed.contains(t) && iou >= bestIou) {
                best = t;
                bestIou = iou;
            }
        }
        if (best == null) {
            best = new Track(nextId++, index, box);
            active.add(best);
        }
        return best;
    }

    /** Tracks not seen in this frame have ended. */
    private void retire(int index) {
        active.removeIf(t -> {
            if (t.lastFrame < index) {
                ended.add(record(t));
                return true;
            }
            return false;
        });
    }

    /** Every track, ended or running, in order of their ids. */
    List<TrackRecord> tracks() {
        List<TrackRecord> all = new ArrayList<>(ended);
        active.forEach(t -> all.add(record(t)));
        all.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return all;
    }

    private static TrackRecord record(Track t) {
        String name = t.name();
        Tally tally = t.tallies.get(name);
        return new TrackRecord(t.id, name, t.firstFrame, t.lastFrame, tally == null ? 0 : tally.wins, t.embeddings);
    }
}
