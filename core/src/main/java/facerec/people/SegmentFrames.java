package facerec.people;

import facerec.report.FaceRecord;
import facerec.report.Timeline;
import facerec.store.Matcher;
import facerec.video.Images;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The first frame of every segment, as a small JPEG, for the page to show when a segment is
 * pointed at: per named person, with the timeline's rule (appearances less than the gap apart
 * are one segment), and per unknown track, since which unknown person a track is becomes
 * known only when the run's tracks are clustered. One thumbnail a segment, never frames; past
 * {@link #MAX_SHOTS} segments, later ones have none.
 */
public final class SegmentFrames {
    /** A segment's first frame: when, and the frame as JPEG. */
    public record Shot(double timeMs, byte[] jpeg) {}

    /** Thumbnails are this wide: enough to see who and where, about 10 KB each. */
    static final int WIDTH = 240;
    /** At most this many thumbnails (about 10 MB). */
    static final int MAX_SHOTS = 1000;

    private final double gapMs;
    private final Map<String, Double> lastSeen = new HashMap<>();
    private final Map<String, List<Shot>> shots = new HashMap<>();
    private int count;
    private double endMs;

    public SegmentFrames(double gapSeconds) {
        this.gapMs = gapSeconds * 1000;
    }

    /** The key of a face: its name, or for {@code Unknown} its track. */
    public static String key(String name, Integer track) {
        return Matcher.UNKNOWN.equals(name) ? "#" + track : name;
    }

    /** Records a frame shown from {@code timeMs} for {@code frameMs}, with its faces as shown. */
    public void add(double timeMs, double frameMs, Mat bgr, List<FaceRecord> faces) {
        endMs = Math.max(endMs, timeMs + frameMs);
        byte[] jpeg = null;
        for (FaceRecord f : faces) {
            String key = key(f.name(), f.track());
            Double last = lastSeen.put(key, timeMs);
            if ((last == null || !Timeline.joins(last, timeMs, gapMs)) && count < MAX_SHOTS) {
                if (jpeg == null) {
                    try (Mat small = Images.downscale(bgr, WIDTH)) {
                        jpeg = Images.jpeg(small);
                    }
                }
                shots.computeIfAbsent(key, k -> new ArrayList<>()).add(new Shot(timeMs, jpeg));
                count++;
            }
        }
    }

    /** The end of the last frame seen: the video's length as far as it was read. */
    public double endMs() {
        return endMs;
    }

    /** The shot of {@code key}'s segment that starts at {@code startMs}, or null when none was kept. */
    public Shot at(String key, double startMs) {
        for (Shot s : shots.getOrDefault(key, List.of())) {
            if (s.timeMs() == startMs) {
                return s;
            }
        }
        return null;
    }
}
