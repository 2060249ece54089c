package facerec.synth;

import static org.bytedeco.opencv.global.opencv_core.absdiff;

import facerec.FacerecException;
import facerec.face.Box;
import facerec.report.FaceRecord;
import facerec.report.ReportReader;
import facerec.report.ReportWriter;
import facerec.video.VideoReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * How many labelled faces a redacted video leaves bare. A face-frame is labelled by the
 * construction of the clip: in a wide shot every tile shows its man on every frame, his face
 * where a reference detection (CenterFace on every frame of the unredacted clip) finds it in
 * that tile, as the median of its boxes there; in an edited clip, a frame that the truth gives
 * a person, his face where the reference finds it on that frame. A labelled face is masked
 * when the middle of its region differs from the source by more than {@link #MASKED} levels
 * on average: a codec's noise is under 3 (printed beside, as measured on the same frames away
 * from every face).
 */
public final class Leaks {
    /** A mean change over the face's middle above this is a mask; a re-encode changes it by 1 to 3. */
    public static final double MASKED = 8;

    private Leaks() {}

    /** Per face size (pixels: a wide shot's tile's, an edited clip's box width to 25 below): labelled and masked face-frames. */
    public record Count(int labelled, int masked) {}

    public record Score(TreeMap<Integer, Count> bySize, double noise, int frames) {
        /** Labelled face-frames of {@code min} pixels and more left bare, in percent. */
        public double leaks(int min) {
            int labelled = 0;
            int masked = 0;
            for (var e : bySize.tailMap(min).entrySet()) {
                labelled += e.getValue().labelled();
                masked += e.getValue().masked();
            }
            return labelled == 0 ? 0 : 100.0 * (labelled - masked) / labelled;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            bySize.forEach((size, c) -> s.append(String.format(Locale.ROOT, "%d px: %d of %d masked%s; ", size,
                    c.masked(), c.labelled(),
                    c.labelled() == c.masked() ? "" : String.format(Locale.ROOT, " (%.1f%% bare)",
                            100.0 * (c.labelled() - c.masked()) / c.labelled()))));
            return s + String.format(Locale.ROOT, "faces of 24 px and more left bare: %.2f%%; noise away from faces %.2f",
                    leaks(24), noise);
        }
    }

    /** The labelled faces of each frame: a wide shot's tiles, or an edited clip's person. */
    static List<List<Labelled>> labels(Path truthFile, Path reference, String except) throws IOException {
        List<List<Box>> found = faces(reference).stream().map(f -> f.stream().map(FaceRecord::box).toList()).toList();
        List<List<Labelled>> labels = new ArrayList<>();
        if (Files.readString(truthFile).contains("\"tiles\"")) {
            WideShot.Truth truth = WideShot.Truth.read(truthFile);
            Map<WideShot.Tile, Box> place = new HashMap<>();
            for (WideShot.Tile t : truth.tiles()) {
                List<Box> in = new ArrayList<>();
                found.forEach(boxes -> boxes.stream().filter(t::holds).forEach(in::add));
                if (!in.isEmpty()) {
                    place.put(t, median(in));
                }
            }
            for (int i = 0; i < truth.frames(); i++) {
                List<Labelled> frame = new ArrayList<>();
                for (WideShot.Tile t : truth.tiles()) {
                    if (place.containsKey(t) && !t.person().equals(except) && i >= t.enter()) {
                        frame.add(new Labelled(t.face(), place.get(t)));
                    }
                }
                labels.add(frame);
            }
        } else {
            EditedClip.Truth truth = EditedClip.Truth.read(truthFile);
            for (int i = 0; i < truth.frames(); i++) {
                List<Labelled> frame = new ArrayList<>();
                if (truth.person(i) != null && !truth.person(i).equals(except) && i < found.size() && !found.get(i).isEmpty()) {
                    Box face = found.get(i).stream().max(java.util.Comparator.comparingLong(Box::area)).get();
                    frame.add(new Labelled(face.width() / 25 * 25, face));
                }
                labels.add(frame);
            }
        }
        return labels;
    }

    record Labelled(int size, Box box) {}

    /** Each frame's faces as a report shows them, in order. */
    public static List<List<FaceRecord>> faces(Path report) throws IOException {
        List<List<FaceRecord>> frames = new ArrayList<>();
        try (ReportReader r = ReportReader.open(report)) {
            for (ReportWriter.FrameRecord f; (f = r.next()) != null; ) {
                frames.add(f.faces());
            }
        }
        return frames;
    }

    /** What is done with each frame of a source and its redacted copy, decoded side by side. */
    interface FramePair {
        void accept(int index, Mat source, Mat redacted);
    }

    /** Decodes both videos in step; they must have as many frames, of one size. Returns the frames. */
    static int pairs(Path source, Path redacted, FramePair each) {
        int i = 0;
        try (VideoReader a = new VideoReader(source.toString(), false); VideoReader b = new VideoReader(redacted.toString(), false)) {
            for (; ; i++) {
                VideoReader.Picture x = a.nextPicture();
                VideoReader.Picture y = b.nextPicture();
                if (x == null || y == null) {
                    if (x != null || y != null) {
                        (x != null ? x : y).free();
                        throw new FacerecException(redacted + " has not as many frames as " + source);
                    }
                    return i;
                }
                try (Mat s = x.bgr(); Mat r = y.bgr()) {
                    if (s.cols() != r.cols() || s.rows() != r.rows()) {
                        throw new FacerecException(redacted + " is " + r.cols() + "x" + r.rows() + ", not " + s.cols() + "x" + s.rows());
                    }
                    each.accept(i, s, r);
                }
            }
        }
    }

    static Box median(List<Box> boxes) {
        int[] top = boxes.stream().mapToInt(Box::top).sorted().toArray();
        int[] right = boxes.stream().mapToInt(Box::right).sorted().toArray();
        int[] bottom = boxes.stream().mapToInt(Box::bottom).sorted().toArray();
        int[] left = boxes.stream().mapToInt(Box::left).sorted().toArray();
        int m = boxes.size() / 2;
        return new Box(top[m], right[m], bottom[m], left[m]);
    }

    /** The middle half of a box: what a mask of it covers, whatever its shape. */
    public static Box middle(Box b) {
        return new Box(b.top() + b.height() / 4, b.right() - b.width() / 4, b.bottom() - b.height() / 4, b.left() + b.width() / 4);
    }

    /** The mean absolute difference of two frames over a region (clipped to them), in levels of 255. */
    public static double difference(Mat a, Mat b, Box region) {
        Box r = region.trim(a.cols(), a.rows());
        if (r.width() < 1 || r.height() < 1) {
            return 0;
        }
        try (Rect rect = new Rect(r.left(), r.top(), r.width(), r.height()); Mat x = new Mat(a, rect);
                Mat y = new Mat(b, rect); Mat d = new Mat()) {
            absdiff(x, y, d);
            try (Scalar m = opencv_core.mean(d)) {
                return (m.get(0) + m.get(1) + m.get(2)) / 3;
            }
        }
    }

    /** Scores a redacted video against its source, frame by frame; the faces of {@code except} (or null) are not labelled. */
    public static Score score(Path truth, Path reference, Path source, Path redacted, String except) throws IOException {
        List<List<Labelled>> labels = labels(truth, reference, except);
        TreeMap<Integer, Count> bySize = new TreeMap<>();
        double[] noise = {0};
        int frames = pairs(source, redacted, (i, s, r) -> {
            for (Labelled l : i < labels.size() ? labels.get(i) : List.<Labelled>of()) {
                boolean masked = difference(s, r, middle(l.box())) > MASKED;
                bySize.merge(l.size(), new Count(1, masked ? 1 : 0),
                        (p, q) -> new Count(p.labelled() + q.labelled(), p.masked() + q.masked()));
            }
            // A strip along the top, where no face is: the grey margin of a wide shot, a wall in the edited clips.
            noise[0] += difference(s, r, new Box(0, s.cols(), Math.min(20, Math.max(4, s.rows() / 50)), 0));
        });
        return new Score(bySize, frames == 0 ? 0 : noise[0] / frames, frames);
    }

    /**
     * How often a person who may be shown is shown bare: of the faces that {@code report} (a run
     * without redaction) names {@code name}, those whose middle the redacted video leaves as
     * the source within half of {@link #MASKED}.
     */
    public static String shown(Path report, String name, Path source, Path redacted) throws IOException {
        List<List<FaceRecord>> named = faces(report);
        int[] faces = {0};
        int[] bare = {0};
        pairs(source, redacted, (i, s, r) -> {
            for (FaceRecord f : i < named.size() ? named.get(i) : List.<FaceRecord>of()) {
                if (f.name().equals(name)) {
                    faces[0]++;
                    bare[0] += difference(s, r, middle(f.box())) < MASKED / 2 ? 1 : 0;
                }
            }
        });
        return String.format(Locale.ROOT, "%s shown bare in %d of the %d faces the unredacted run names so (%.1f%%)", name,
                bare[0], faces[0], faces[0] == 0 ? 0 : 100.0 * bare[0] / faces[0]);
    }

    /**
     * {@code TRUTH REFERENCE_REPORT SOURCE REDACTED [EXCEPT]} prints the score (the faces of
     * EXCEPT not labelled); {@code shown REPORT NAME SOURCE REDACTED}, {@link #shown}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 5 && args[0].equals("shown")) {
            System.out.println(shown(Path.of(args[1]), args[2], Path.of(args[3]), Path.of(args[4])));
        } else if (args.length == 4 || args.length == 5) {
            System.out.println(score(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]),
                    args.length == 5 ? args[4] : null));
        } else {
            System.err.println("usage: Leaks TRUTH REFERENCE_REPORT SOURCE REDACTED [EXCEPT] | shown REPORT NAME SOURCE REDACTED");
            System.exit(2);
        }
    }
}
