package facerec.people;

import facerec.report.Timeline;
import facerec.store.Matcher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a run, for people: the unknown tracks of all its inputs clustered into unknown
 * people, their folders written ({@code --unknowns}), and each input's page made
 * ({@code --html}). One call over a whole batch, so that one stranger in three videos is one
 * folder, not three.
 */
public final class People {
    /** What one input's run left for the people outputs. */
    public record Run(String input, int frames, boolean complete, List<Timeline.Person> people, List<TrackFaces> faces,
            Map<String, List<TrackFaces.Crop>> namedCrops, SegmentFrames shots) {}

    /**
     * @param names the unknown people's names, one per cluster: their folders when written, else
     *              {@code unknown-001} and on
     * @param pages one per run, in order
     */
    public record Outcome(List<Clusters.Cluster> clusters, List<String> names, List<HtmlReport.Page> pages) {}

    private People() {}

    /**
     * Clusters the runs' unknown tracks, writes their folders into {@code unknowns} (when not
     * null), and makes the pages.
     */
    public static Outcome finish(List<Run> runs, double tolerance, double gapSeconds, Path unknowns) {
        List<TrackFaces> strangers = new ArrayList<>();
        for (Run r : runs) {
            r.faces().stream().filter(t -> Matcher.UNKNOWN.equals(t.name()) && t.embeddings() > 0).forEach(strangers::add);
        }
        List<Clusters.Cluster> clusters = Clusters.of(strangers, tolerance);
        List<String> names = new ArrayList<>();
        if (unknowns != null) {
            names.addAll(UnknownFolders.write(unknowns, clusters));
        } else {
            for (int i = 1; i <= clusters.size(); i++) {
                names.add(String.format("unknown-%03d", i));
            }
        }
        Map<String, String> byTrack = new HashMap<>();
        for (int c = 0; c < clusters.size(); c++) {
            for (TrackFaces t : clusters.get(c).tracks()) {
                byTrack.put(HtmlReport.trackKey(t), names.get(c));
            }
        }
        List<HtmlReport.Page> pages = runs.stream().map(r -> HtmlReport.page(r.input(), r.frames(), r.complete(),
                r.people(), r.faces(), r.namedCrops(), r.shots(), byTrack, gapSeconds)).toList();
        return new Outcome(clusters, names, pages);
    }
}
