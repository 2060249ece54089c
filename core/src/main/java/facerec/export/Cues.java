package facerec.export;

import facerec.store.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Subtitle cues of who is on screen: one per stretch of frames in which the people shown stay
 * the same, each lasting from its first frame to the frame after its last, and none where
 * nobody is. A cue names each person once, in order, and then the faces not named ("Unknown",
 * or "Unknown (3)"), so that a player shows in words what the frame shows. Cues are made in
 * frame order and kept one per change, not per frame.
 */
public final class Cues {
    /** A stretch of time, from its first frame up to (not including) the next cue's first. */
    public record Cue(double startMs, double endMs, String text) {}

    private final List<Cue> cues = new ArrayList<>();
    private final double frameMs;
    /** The open cue's text; empty while nobody is on screen. */
    private String text = "";
    private double startMs;
    private double lastMs = Double.NaN;

    /** @param fps the video's frame rate: the last cue lasts one frame past its last frame */
    public Cues(double fps) {
        this.frameMs = 1000 / fps;
    }

    /** The next frame, with the name each of its faces shows ({@code Unknown} for a face not named). */
    public void frame(double timeMs, List<String> names) {
        String now = text(names);
        if (!now.equals(text)) {
            close(timeMs);
            text = now;
            startMs = timeMs;
        }
        lastMs = timeMs;
    }

    /** The cues so far, the open one ended a frame after the last frame. */
    public List<Cue> finish() {
        if (!Double.isNaN(lastMs)) {
            close(lastMs + frameMs);
            text = "";
        }
        return List.copyOf(cues);
    }

    private void close(double endMs) {
        if (!text.isEmpty()) {
            cues.add(new Cue(startMs, endMs, text));
        }
    }

    /** What a frame's cue says: its people in order, then how many faces nobody was named for. */
    static String text(List<String> names) {
        TreeSet<String> people = new TreeSet<>();
        int unknown = 0;
        for (String name : names) {
            if (Matcher.UNKNOWN.equals(name)) {
                unknown++;
            } else {
                people.add(name);
            }
        }
        List<String> parts = new ArrayList<>(people);
        if (unknown > 0) {
            parts.add(unknown == 1 ? Matcher.UNKNOWN : Matcher.UNKNOWN + " (" + unknown + ")");
        }
        return String.join(", ", parts);
    }
}
