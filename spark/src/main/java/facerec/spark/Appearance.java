package facerec.spark;

import java.io.Serializable;

/** One row of the archive's table: a track of one video, who it was, when, and how close. */
public record Appearance(String input, String person, int track, double startMs, double endMs, int firstFrame,
        int lastFrame, int frames, Double bestDistance) implements Serializable {}
