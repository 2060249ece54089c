package facerec.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.FacerecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * How well {@code recognize --unknowns} grouped an edited clip's un-enrolled people, against
 * its truth: each cluster's frames (its tracks' frames in that clip) counted by who was truly
 * in the picture. Purity: the share of clustered frames that belong to their cluster's main
 * person. Completeness, per person: the share of his clustered frames that are in his largest
 * cluster (1 when he is one folder). Coverage, per person: his clustered frames over his
 * frames in the clip (what went into no cluster was named, or never found).
 */
public record ClusterScore(int clusters, int clustered, int pure, Map<String, int[]> people) {
    /** @param people per person: frames clustered, frames in his largest cluster, frames in the clip, clusters he is in */
    public double purity() {
        return clustered == 0 ? 1 : pure / (double) clustered;
    }

    public double completeness(String person) {
        int[] p = people.get(person);
        return p == null || p[0] == 0 ? 0 : p[1] / (double) p[0];
    }

    /** Scores the folders under {@code unknowns} whose appearances are in {@code input}. */
    public static ClusterScore score(EditedClip.Truth truth, Path unknowns, String input) {
        List<Map<String, Integer>> clusters = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(unknowns)) {
            for (Path dir : dirs.sorted().toList()) {
                Path json = dir.resolve("cluster.json");
                if (!Files.isRegularFile(json)) {
                    continue;
                }
                Map<String, Integer> frames = new TreeMap<>();
                for (JsonNode a : new ObjectMapper().readTree(json.toFile()).get("appearances")) {
                    if (!a.get("input").asText().equals(input)) {
                        continue;
                    }
                    for (int f = a.get("firstFrame").asInt(); f <= a.get("lastFrame").asInt(); f++) {
                        String who = truth.person(f);
                        frames.merge(who == null ? "nobody" : who, 1, Integer::sum);
                    }
                }
                if (!frames.isEmpty()) {
                    clusters.add(frames);
                }
            }
        } catch (IOException e) {
            throw new FacerecException("cannot read " + unknowns + ": " + e.getMessage(), e);
        }
        int clustered = 0;
        int pure = 0;
        Map<String, int[]> people = new TreeMap<>();
        for (Map<String, Integer> c : clusters) {
            clustered += c.values().stream().mapToInt(Integer::intValue).sum();
            pure += c.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            c.forEach((who, n) -> {
                int[] p = people.computeIfAbsent(who, w -> new int[4]);
                p[0] += n;
                p[1] = Math.max(p[1], n);
                p[3]++;
            });
        }
        for (int f = 0; f < truth.frames(); f++) {
            String who = truth.person(f);
            if (who != null && people.containsKey(who)) {
                people.get(who)[2]++;
            }
        }
        return new ClusterScore(clusters.size(), clustered, pure, people);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d cluster%s, purity %.1f%%", clusters,
                clusters == 1 ? "" : "s", 100 * purity()));
        people.forEach((who, p) -> b.append(String.format(Locale.ROOT,
                "; %s: in %d cluster%s, completeness %.1f%%, coverage %d of %d frames", who, p[3], p[3] == 1 ? "" : "s",
                100 * completeness(who), p[0], p[2])));
        return b.toString();
    }
}
