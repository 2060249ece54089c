package facerec.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.FacerecException;
import facerec.face.FaceCrop;
import facerec.report.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clustering, folders and the page, without video: tracks and embeddings made by hand. */
class PeopleUnitTest {
    @TempDir
    Path dir;

    /** A track whose mean lies at {@code x} on the first axis, with one crop of that quality. */
    static TrackFaces track(String input, int id, double x, double firstMs, double lastMs, double quality) {
        double[] mean = new double[128];
        mean[0] = x;
        List<TrackFaces.Crop> crops = List.of(new TrackFaces.Crop(id * 10, new FaceCrop(new byte[] {(byte) id}, quality)));
        return new TrackFaces(input, id, "Unknown", (int) (firstMs / 40), (int) (lastMs / 40), firstMs, lastMs,
                Double.POSITIVE_INFINITY, 3, mean, crops);
    }

    @Test
    void chineseWhispersGroupsTracksWithinTheToleranceInOrderOfAppearance() {
        List<TrackFaces> tracks = List.of(track("a", 0, 2.0, 0, 400, 0.5), track("a", 1, 0.0, 500, 900, 0.4),
                track("a", 2, 2.3, 1000, 1400, 0.9), track("b", 0, 0.2, 0, 400, 0.1), track("b", 1, 5.0, 500, 600, 0.3));
        List<Clusters.Cluster> clusters = Clusters.of(tracks, 0.6);
        assertEquals(3, clusters.size());
        assertEquals(List.of(tracks.get(0), tracks.get(2)), clusters.get(0).tracks());
        assertEquals(List.of(tracks.get(1), tracks.get(3)), clusters.get(1).tracks());
        assertEquals(List.of(tracks.get(4)), clusters.get(2).tracks());
        // Best track's crop first.
        assertEquals(20, clusters.get(0).crops(5).get(0).frame());
        assertEquals(2, clusters.get(0).crops(5).size());
        assertEquals(0.8, clusters.get(0).seconds(), 1e-9);
        assertEquals(List.of(), Clusters.of(List.of(), 0.6));
    }

    @Test
    void foldersAreNumberedAfterThoseThereSkippingANamePlantedByAnother() throws Exception {
        Files.createDirectories(dir.resolve("unknown-007"));
        // Someone else's link where the next folder would go: never written through.
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve("unknown-008"), elsewhere);
        List<Clusters.Cluster> clusters = Clusters.of(List.of(track("a", 0, 0, 0, 400, 0.5), track("a", 1, 3, 0, 400, 0.5)), 0.6);
        assertEquals(List.of("unknown-009", "unknown-010"), UnknownFolders.write(dir, clusters));
        assertTrue(Files.isRegularFile(dir.resolve("unknown-009/face-1.jpg")));
        assertTrue(Files.readString(dir.resolve("unknown-010/cluster.json")).contains("\"cluster\" : \"unknown-010\""));
        try (Stream<Path> left = Files.list(elsewhere)) {
            assertEquals(0, left.count());
        }
        try (Stream<Path> all = Files.list(dir)) {
            assertFalse(all.anyMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary folder is left");
        }
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        FacerecException e = assertThrows(FacerecException.class, () -> UnknownFolders.write(file, clusters));
        assertTrue(e.getMessage().startsWith("cannot write unknown people to " + file), e.getMessage());
    }

    @Test
    void thePageEscapesNamesPlacesSegmentsOnTheVideosLengthAndFetchesNothing() {
        List<HtmlReport.Segment> segments = List.of(new HtmlReport.Segment(0, 1000, new byte[] {1}),
                new HtmlReport.Segment(5000, 7500, null));
        HtmlReport.Row row = new HtmlReport.Row("<b>ann & \"co\"</b>", false, List.of(new byte[] {1}), segments, 3540, 2, 0.41234);
        HtmlReport.Page page = new HtmlReport.Page("in/clip's.mp4", 250, 10_000, false, List.of(row));
        String html = HtmlReport.render(page);
        assertTrue(html.contains("&lt;b&gt;ann &amp; &quot;co&quot;&lt;/b&gt;"), html);
        assertFalse(html.contains("<b>ann"), html);
        assertTrue(html.contains("in/clip&#39;s.mp4"));
        assertTrue(html.contains("left:0.000%;width:10.000%"), html);
        assertTrue(html.contains("left:50.000%;width:25.000%"), html);
        assertTrue(html.contains("0:03.5</b> seen (35%) · 2 tracks · closest 0.412"), html);
        assertTrue(html.contains("incomplete"), html);
        assertFalse(html.contains("http:") || html.contains("https:") || html.contains("src=\"/"), html);
        assertEquals("1:05.4", HtmlReport.time(65_432));
    }

    @Test
    void unknownRowsMergeTracksByTheGapAndNamedRowsComeFromTheTimeline() {
        SegmentFrames shots = new SegmentFrames(1.0);
        Timeline timeline = new Timeline(1.0);
        timeline.add(0, List.of("ann"));
        timeline.add(40, List.of("ann"));
        TrackFaces ann = new TrackFaces("clip", 0, "ann", 0, 1, 0, 40, 0.35, 2, new double[128], List.of());
        List<TrackFaces> strangers = new ArrayList<>(List.of(track("clip", 1, 0, 1000, 2000, 0.5),
                track("clip", 2, 0, 2500, 3000, 0.5), track("clip", 3, 0, 6000, 6200, 0.5)));
        List<TrackFaces> all = new ArrayList<>(strangers);
        all.add(0, ann);
        Map<String, String> clusters = Map.of("clip#1", "unknown-004", "clip#2", "unknown-004", "clip#3", "unknown-004");
        HtmlReport.Page page = HtmlReport.page("clip", 200, true, timeline.people(), all, Map.of(), shots, clusters, 1.0);
        assertEquals(List.of("ann", "unknown-004"), page.rows().stream().map(HtmlReport.Row::name).toList());
        assertEquals(0.35, page.rows().get(0).closest());
        assertEquals(List.of(1000.0, 6000.0), page.rows().get(1).segments().stream().map(HtmlReport.Segment::startMs).toList());
        assertEquals(3000.0, page.rows().get(1).segments().get(0).endMs());
        assertEquals(3, page.rows().get(1).tracks());
    }
}
