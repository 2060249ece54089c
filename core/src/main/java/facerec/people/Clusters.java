package facerec.people;

import facerec.dlib.Dlib;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Unknown tracks grouped into people: dlib's Chinese whispers (the clustering of dlib's own
 * face_clustering example) over each track's mean embedding, joined where two means lie
 * within the tolerance. Chinese whispers needs no number of people, and a track is one node:
 * its embeddings already agree with each other (the tracks are cut where they stop agreeing),
 * and their mean is steadier than any one of them.
 */
public final class Clusters {
    /** One unknown person: the tracks, of one input or several, in order of appearance. */
    public record Cluster(List<TrackFaces> tracks) {
        /** The best crops, at most {@code max}: each track's best in turn, so that several tracks show. */
        public List<TrackFaces.Crop> crops(int max) {
            List<TrackFaces> byQuality = new ArrayList<>(tracks);
            byQuality.sort(Comparator.comparingDouble(TrackFaces::quality).reversed());
            List<TrackFaces.Crop> out = new ArrayList<>();
            for (int round = 0; out.size() < max; round++) {
                boolean any = false;
                for (TrackFaces t : byQuality) {
                    if (round < t.crops().size() && out.size() < max) {
                        out.add(t.crops().get(round));
                        any = true;
                    }
                }
                if (!any) {
                    break;
                }
            }
            return out;
        }

        /** Seconds seen, over all its tracks. */
        public double seconds() {
            return tracks.stream().mapToDouble(t -> t.lastMs() - t.firstMs()).sum() / 1000;
        }
    }

    private Clusters() {}

    /**
     * Groups the tracks (given in order of appearance: input by input, track by track) into
     * people; the clusters come in order of their first track.
     */
    public static List<Cluster> of(List<TrackFaces> tracks, double tolerance) {
        if (tracks.isEmpty()) {
            return List.of();
        }
        int dims = tracks.get(0).mean().length;
        double[] vectors = new double[tracks.size() * dims];
        for (int i = 0; i < tracks.size(); i++) {
            System.arraycopy(tracks.get(i).mean(), 0, vectors, i * dims, dims);
        }
        int[] labels = new int[tracks.size()];
        Dlib.chineseWhispers(vectors, tracks.size(), dims, tolerance, labels);
        // Keyed by each cluster's first track, so that clusters come in order of appearance.
        Map<Integer, List<TrackFaces>> byFirst = new TreeMap<>();
        Map<Integer, Integer> firstOfLabel = new TreeMap<>();
        for (int i = 0; i < tracks.size(); i++) {
            int first = firstOfLabel.computeIfAbsent(labels[i], l -> byFirst.size());
            byFirst.computeIfAbsent(first, f -> new ArrayList<>()).add(tracks.get(i));
        }
        return byFirst.values().stream().map(Cluster::new).toList();
    }
}
