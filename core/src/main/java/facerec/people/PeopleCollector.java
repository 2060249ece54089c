package facerec.people;

import facerec.face.Box;
import facerec.face.FaceCrop;
import facerec.recognize.Recognizer;
import facerec.recognize.Sink;
import facerec.recognize.TrackListener;
import facerec.recognize.TrackRecord;
import facerec.report.FaceRecord;
import facerec.store.Matcher;
import facerec.video.VideoReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the people outputs ({@code --unknowns}, {@code --html}, {@code --sheet}) keep of one
 * input's run, as it goes: per track the mean of its embeddings, its best crops and its closest
 * distance to each name; per name the best crops of all its tracks; and each segment's first
 * frame ({@link SegmentFrames}). A listener of the run's tracks and a sink of its frames, after
 * the video's, whose drawn boxes the thumbnails then show. Memory stays bounded over an hour of
 * many short tracks: a named track gives its crops to its name's pool when it ends and keeps no
 * mean (only unknown ones are clustered), and ended unknown tracks past
 * {@link #UNKNOWN_CROP_BYTES} keep only their best crop.
 */
public final class PeopleCollector implements TrackListener, Sink {
    /** How many crops a track keeps (its best), whatever its length. */
    static final int CROPS = 3;
    /**
     * How many crops a name keeps over all its ended tracks, so that a long video's many tracks
     * of the same people cost nothing more.
     */
    static final int NAMED_CROPS = 4;
    /**
     * Ended unknown tracks keep their crops until the end, for the clustering; past this many
     * bytes of them, the oldest keep only their best one.
     */
    static final long UNKNOWN_CROP_BYTES = 16L << 20;

    private static final class Faces {
        /** The sum of its embeddings, null once a named track has ended. */
        double[] sum = new double[128];
        final List<TrackFaces.Crop> crops = new ArrayList<>(CROPS + 1);
        /** Per name its embeddings matched, the closest distance. */
        final Map<String, Double> distances = new HashMap<>(2);
    }

    /** In the order the tracks began, which is the order of their ids. */
    private final Map<Integer, Faces> tracks = new LinkedHashMap<>();
    private final Map<Integer, Faces> active = new LinkedHashMap<>();
    private final List<Faces> ended = new ArrayList<>();
    private final Map<String, List<TrackFaces.Crop>> named = new HashMap<>();
    private final SegmentFrames shots;
    private final Predicate<String> shown;
    private double frameMs;
    private long unknownCropBytes;
    private int trimmed;

    /** @param gapSeconds appearances closer than this are one segment, as in the report's timeline */
    public PeopleCollector(double gapSeconds) {
        this(gapSeconds, name -> true);
    }

    /**
     * @param shown whether a face named so is shown in the video: the page and the sheet show
     *     no face that a redacted video masks, so the tracks of other names keep no crops
     */
    public PeopleCollector(double gapSeconds, Predicate<String> shown) {
        this.shots = new SegmentFrames(gapSeconds);
        this.shown = shown;
    }

    @Override
    public void started(int track, int frame, Box box) {
        Faces f = new Faces();
        tracks.put(track, f);
        active.put(track, f);
    }

    @Override
    public void detected(int track, int frame, Matcher.Match match, double[] embedding, FaceCrop crop) {
        Faces f = tracks.get(track);
        for (int d = 0; d < f.sum.length; d++) {
            f.sum[d] += embedding[d];
        }
        if (crop != null) {
            keep(f.crops, new TrackFaces.Crop(frame, crop), CROPS);
        }
        f.distances.merge(match.name(), match.distance(), Math::min);
    }

    @Override
    public void ended(int track, String name) {
        Faces f = active.remove(track);
        ended.add(f);
        if (Matcher.UNKNOWN.equals(name)) {
            unknownCropBytes += f.crops.stream().mapToLong(c -> c.face().jpeg().length).sum();
        } else {
            List<TrackFaces.Crop> pool = named.computeIfAbsent(name, n -> new ArrayList<>());
            f.crops.forEach(c -> keep(pool, c, NAMED_CROPS));
            f.crops.clear();
            f.sum = null;
        }
        // Over the bound, the oldest ended unknown tracks keep only their best crop.
        while (unknownCropBytes > UNKNOWN_CROP_BYTES && trimmed < ended.size()) {
            Faces t = ended.get(trimmed++);
            while (t.crops.size() > 1) {
                unknownCropBytes -= t.crops.remove(t.crops.size() - 1).face().jpeg().length;
            }
        }
    }

    /** Inserts a crop in its place by quality, dropping the worst beyond {@code max}. */
    private static void keep(List<TrackFaces.Crop> crops, TrackFaces.Crop crop, int max) {
        int at = 0;
        while (at < crops.size() && crops.get(at).face().quality() >= crop.face().quality()) {
            at++;
        }
        if (at < max) {
            crops.add(at, crop);
            if (crops.size() > max) {
                crops.remove(max);
            }
        }
    }

    @Override
    public void start(int width, int height, double fps) {
        frameMs = 1000 / fps;
    }

    @Override
    public void accept(int index, VideoReader.Picture picture, List<FaceRecord> faces) {
        shots.add(picture.timeMs(), frameMs, picture.bgr(), faces);
    }

    @Override
    public void finish(Summary summary) {}

    /** The run's part of the people outputs, once it has ended: its tracks as {@code result} records them. */
    public People.Run run(Recognizer.Result result) {
        return new People.Run(result.input(), result.frames(), result.complete(), result.people(),
                faces(result.input(), result.tracks()), namedCrops(result.tracks()), shots);
    }

    /** Every track that was shown, in order of their ids. */
    List<TrackFaces> faces(String input, List<TrackRecord> records) {
        List<TrackFaces> faces = new ArrayList<>();
        for (TrackRecord r : records) {
            Faces f = tracks.get(r.id());
            if (r.firstMs() == null || f == null) {
                // Placed but never shown: the run stopped inside the look-ahead.
                continue;
            }
            double[] mean = new double[f.sum == null ? 0 : f.sum.length];
            for (int d = 0; d < mean.length; d++) {
                mean[d] = r.embeddings() == 0 ? 0 : f.sum[d] / r.embeddings();
            }
            faces.add(new TrackFaces(input, r.id(), r.name(), r.firstFrame(), r.lastFrame(), r.firstMs(), r.lastMs(),
                    f.distances.getOrDefault(r.name(), Double.POSITIVE_INFINITY), r.embeddings(), mean,
                    shown.test(r.name()) ? List.copyOf(f.crops) : List.of()));
        }
        return faces;
    }

    /** Per name, its best crops over all its tracks (those still running at the end too), best first. */
    Map<String, List<TrackFaces.Crop>> namedCrops(List<TrackRecord> records) {
        Map<String, List<TrackFaces.Crop>> all = new HashMap<>();
        named.forEach((name, pool) -> all.put(name, new ArrayList<>(pool)));
        for (TrackRecord r : records) {
            Faces f = active.get(r.id());
            if (f != null && !Matcher.UNKNOWN.equals(r.name())) {
                List<TrackFaces.Crop> pool = all.computeIfAbsent(r.name(), n -> new ArrayList<>());
                f.crops.forEach(c -> keep(pool, c, NAMED_CROPS));
            }
        }
        all.keySet().removeIf(name -> !shown.test(name));
        return all;
    }
}
