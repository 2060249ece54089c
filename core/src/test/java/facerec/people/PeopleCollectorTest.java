package facerec.people;

import static org.junit.jupiter.api.Assertions.assertEquals;

import facerec.face.FaceCrop;
import facerec.recognize.TrackRecord;
import facerec.store.Matcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the people outputs keep of a run's tracks, told as the run would tell them, without video or models. */
class PeopleCollectorTest {
    /** A 128-d embedding at {@code x} along the first axis. */
    static double[] at(double x) {
        double[] e = new double[128];
        e[0] = x;
        return e;
    }

    /** A track's record at the end of the run; shown from {@code firstMs}, or never (null). */
    static TrackRecord record(int id, String name, int first, int last, Double firstMs, int embeddings) {
        return new TrackRecord(id, name, first, last, firstMs, firstMs == null ? null : firstMs + 40.0 * (last - first),
                embeddings, embeddings, null);
    }

    @Test
    void aTrackKeepsItsThreeBestCropsItsMeanEmbeddingItsClosestDistanceAndWhenItWasShown() {
        PeopleCollector c = new PeopleCollector(1.0);
        c.started(0, 0, null);
        double[] qualities = {0.2, 0.9, 0.1, 0.5, 0.7, 0.3};
        for (int i = 0; i < qualities.length; i++) {
            FaceCrop crop = new FaceCrop(new byte[] {(byte) i}, qualities[i]);
            c.detected(0, i, new Matcher.Match(Matcher.UNKNOWN, 0.8 - 0.01 * i, 0), at(0.1 * i), crop);
        }
        List<TrackFaces> faces = c.faces("clip.mp4", List.of(record(0, Matcher.UNKNOWN, 0, 5, 0.0, 6)));
        assertEquals(1, faces.size());
        TrackFaces t = faces.get(0);
        assertEquals(List.of(1, 4, 3), t.crops().stream().map(TrackFaces.Crop::frame).toList());
        assertEquals(0.25, t.mean()[0], 1e-12);
        assertEquals(0.75, t.distance(), 1e-12);
        assertEquals(6, t.embeddings());
        assertEquals(0.0, t.firstMs());
        assertEquals(200.0, t.lastMs());
        assertEquals(Matcher.UNKNOWN, t.name());
        assertEquals("clip.mp4", t.input());
    }

    @Test
    void aNamedTracksCropsGoToItsNamesPoolWhenItEndsSoManyTracksKeepOnlyTheBestFour() {
        PeopleCollector c = new PeopleCollector(1.0);
        List<TrackRecord> records = new ArrayList<>();
        // Ten tracks of ann, one frame each, apart in time: each ends before the next starts.
        for (int track = 0; track < 10; track++) {
            c.started(track, 2 * track, null);
            FaceCrop crop = new FaceCrop(new byte[] {(byte) track}, track % 5 / 10.0 + track / 100.0);
            c.detected(track, 2 * track, new Matcher.Match("ann", 0.3, 1), at(0), crop);
            c.ended(track, "ann");
            records.add(record(track, "ann", 2 * track, 2 * track, null, 1));
        }
        assertEquals(0, c.faces("clip", records).size(), "never shown");
        List<Integer> best = c.namedCrops(records).get("ann").stream().map(TrackFaces.Crop::frame).toList();
        // Qualities 0.49 (track 9), 0.44 (track 4), 0.38 (track 8), 0.33 (track 3).
        assertEquals(List.of(18, 8, 16, 6), best);
    }

    /** Under redaction the page shows no face that the video masks: only the shown names keep crops. */
    @Test
    void onlyTheFacesThatTheVideoShowsKeepCrops() {
        PeopleCollector c = new PeopleCollector(1.0, "ann"::equals);
        List<TrackRecord> records = new ArrayList<>();
        String[] names = {"ann", "bob", Matcher.UNKNOWN, "ann"};
        for (int track = 0; track < names.length; track++) {
            c.started(track, track, null);
            c.detected(track, track, new Matcher.Match(names[track], 0.3, 1), at(track), new FaceCrop(new byte[] {1}, 0.5));
            if (track < 2) {
                c.ended(track, names[track]);
            }
            records.add(record(track, names[track], track, track, 40.0 * track, 1));
        }
        List<TrackFaces> faces = c.faces("clip", records);
        assertEquals(List.of(0, 0, 0, 1), faces.stream().map(t -> t.crops().size()).toList());
        assertEquals(java.util.Set.of("ann"), c.namedCrops(records).keySet());
        assertEquals(2, c.namedCrops(records).get("ann").size(), "the ended track's and the running one's");
    }

    /** A track still running at the end adds its crops to its name's pool, and keeps its mean. */
    @Test
    void aNamedTrackRunningAtTheEndKeepsItsMeanAndJoinsItsNamesPool() {
        PeopleCollector c = new PeopleCollector(1.0);
        c.started(0, 0, null);
        c.detected(0, 0, new Matcher.Match("ann", 0.3, 1), at(0.5), new FaceCrop(new byte[] {0}, 0.4));
        c.ended(0, "ann");
        c.started(1, 5, null);
        c.detected(1, 5, new Matcher.Match("ann", 0.3, 1), at(0.7), new FaceCrop(new byte[] {1}, 0.6));
        List<TrackRecord> records = List.of(record(0, "ann", 0, 0, 0.0, 1), record(1, "ann", 5, 5, 200.0, 1));
        List<TrackFaces> faces = c.faces("clip", records);
        assertEquals(0, faces.get(0).mean().length, "ended and named: nothing clusters it");
        assertEquals(0.7, faces.get(1).mean()[0], 1e-12);
        assertEquals(List.of(5, 0), c.namedCrops(records).get("ann").stream().map(TrackFaces.Crop::frame).toList());
    }

    /**
     * An hour of a crowd is thousands of short tracks: once ended, a named one keeps no
     * embedding, and past {@link PeopleCollector#UNKNOWN_CROP_BYTES} of ended unknown tracks'
     * crops the oldest keep only their best.
     */
    @Test
    void endedTracksKeepOnlyWhatTheClusteringStillNeedsWithinABoundOfBytes() {
        PeopleCollector c = new PeopleCollector(1.0);
        byte[] jpeg = new byte[100 << 10];
        List<TrackRecord> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String name = i % 2 == 0 ? "ann" : Matcher.UNKNOWN;
            c.started(i, i, null);
            for (int k = 0; k < 3; k++) {
                c.detected(i, i, new Matcher.Match(name, 0.5, 1), at(10 * i), new FaceCrop(jpeg, 0.1 * k));
            }
            if (i < 199) {
                c.ended(i, name);
            }
            records.add(record(i, name, i, i, 40.0 * i, 3));
        }
        List<TrackFaces> faces = c.faces("in", records);
        assertEquals(200, faces.size());
        // 99 ended unknown tracks of 300 KB: 29 MB. Under 16 MB once the oldest 67 (tracks 1 to
        // 133) keep one crop of 100 KB each.
        for (TrackFaces f : faces) {
            boolean ended = f.lastFrame() < 199;
            boolean unknown = f.name().equals(Matcher.UNKNOWN);
            assertEquals(unknown || !ended ? 128 : 0, f.mean().length, f::toString);
            int crops = !unknown ? (ended ? 0 : 3) : f.track() <= 133 ? 1 : 3;
            assertEquals(crops, f.crops().size(), f::toString);
            if (unknown) {
                assertEquals(0.2, f.quality(), 1e-12, "the best crop stays");
            }
        }
    }
}
