package facerec.export;

import facerec.recognize.TrackRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One appearance: a track of one input that was shown, who it was, when, and how close its
 * name's votes came. A row of the CSV and of the archive job's table (docs/FORMATS.md).
 */
public record Appearance(String input, String person, int track, double startMs, double endMs, int firstFrame,
        int lastFrame, int frames, Double bestDistance) implements Serializable {

    /** A run's appearances: its tracks that were shown (a run stopped early leaves some unshown), in its report's order. */
    public static List<Appearance> of(String input, List<TrackRecord> tracks) {
        List<Appearance> rows = new ArrayList<>();
        for (TrackRecord t : tracks) {
            if (t.firstMs() != null) {
                // A track has no gaps: its frames are its span.
                rows.add(new Appearance(input, t.name(), t.id(), t.firstMs(), t.lastMs(), t.firstFrame(), t.lastFrame(),
                        t.lastFrame() - t.firstFrame() + 1, t.distance()));
            }
        }
        return rows;
    }
}
