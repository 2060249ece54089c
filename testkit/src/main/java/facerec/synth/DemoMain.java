package facerec.synth;

import facerec.FacerecException;
import facerec.face.Models;
import facerec.synth.SceneVideo.Actor;
import facerec.synth.SceneVideo.Key;
import facerec.video.VideoReader;
import facerec.video.VideoWriter;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import java.util.List;

/**
 * The demo's helper, run by scripts/demo.sh (not part of the facerec command):
 * {@code render PHOTOS VIDEO TRUTH} synthesizes input/demo.mp4 and its ground truth;
 * {@code score TRUTH REPORT} prints the accuracy line of a recognize report; {@code late REPORT
 * REFERENCE} how many faces that the reference (--detect-every 1) finds, the report finds late.
 */
public final class DemoMain {
    private DemoMain() {}

    /**
     * 24 s of 720p: photos not used for enrolment (obama3.jpg and 32bit.png of Obama), Biden's
     * photo mirrored, and a stranger pan, zoom and cross.
     */
    static SceneVideo.Scene scene(Path photos) {
        return new SceneVideo.Scene(1280, 720, 25, 24, List.of(
                new Actor("obama", photos.resolve("obama3.jpg"), false, List.of(
                        new Key(0, 0.15, 0.5, 150), new Key(6, 0.45, 0.45, 190), new Key(10, 0.7, 0.5, 260),
                        new Key(14, 0.85, 0.55, 170))),
                new Actor("Unknown", photos.resolve("stranger.jpg"), false, List.of(
                        new Key(2, 0.9, 0.3, 130), new Key(9, 0.2, 0.3, 150), new Key(13, 0.1, 0.35, 110))),
                new Actor("biden", photos.resolve("biden.jpg"), true, List.of(
                        new Key(8, 0.12, 0.6, 120), new Key(16, 0.85, 0.6, 200), new Key(22, 0.6, 0.55, 140))),
                new Actor("obama", photos.resolve("32bit.png"), false, List.of(
                        new Key(15, 0.3, 0.45, 90), new Key(20, 0.3, 0.5, 300), new Key(24, 0.4, 0.5, 160)))), true);
    }

    /** {@code loop VIDEO N OUT}: the video N times over, re-encoded (benchmarks of long inputs). */
    private static void loop(String input, int times, Path out) {
        VideoWriter writer = null;
        try {
            for (int i = 0; i < times; i++) {
                try (VideoReader reader = new VideoReader(input, true)) {
                    if (writer == null) {
                        writer = new VideoWriter(out, reader.width(), reader.height(), reader.fps(), reader.audioChannels(),
                                reader.sampleRate());
                    }
                    for (VideoReader.Item item; (item = reader.next()) != null; ) {
                        if (item instanceof VideoReader.Picture p) {
                            writer.write(p.bgr());
                            p.bgr().close();
                        } else if (item instanceof VideoReader.Audio a) {
                            writer.write(a.samples());
                            a.samples().close();
                        }
                    }
                }
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }

    /** {@code stills VIDEO PREFIX FRAME...}: saves frames of a video as PREFIX-FRAME.png, for the README. */
    private static void stills(String[] args) {
        facerec.video.FfmpegLog.verbose(false);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(args[1]); OpenCVFrameConverter.ToMat c = new OpenCVFrameConverter.ToMat()) {
            g.start();
            for (int i = 3; i < args.length; i++) {
                g.setVideoFrameNumber(Integer.parseInt(args[i]));
                Frame f = g.grabImage();
                if (f != null) {
                    opencv_imgcodecs.imwrite(args[2] + "-" + args[i] + ".png", c.convert(f));
                }
            }
            g.stop();
        } catch (FrameGrabber.Exception e) {
            throw new FacerecException("cannot read " + args[1] + ": " + e.getMessage(), e);
        }
    }

    public static void main(String[] args) {
        try {
            if (args.length == 4 && args[0].equals("render")) {
                SceneVideo.Truth truth = SceneVideo.render(scene(Path.of(args[1])), Models.locate(null), Path.of(args[2]));
                truth.write(Path.of(args[3]));
                long faces = truth.frames().stream().mapToLong(f -> f.faces().size()).sum();
                System.out.println("rendered " + args[2] + ": " + truth.frames().size() + " frames, " + faces
                        + " ground-truth faces");
            } else if (args.length == 4 && args[0].equals("loop")) {
                loop(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
            } else if (args.length >= 4 && args[0].equals("stills")) {
                stills(args);
            } else if (args.length == 3 && args[0].equals("late")) {
                System.out.println(EditScore.lateness(Path.of(args[1]), Path.of(args[2]), List.of()));
            } else if (args.length == 3 && args[0].equals("score")) {
                System.out.println(Accuracy.score(SceneVideo.Truth.read(Path.of(args[1])), Path.of(args[2])));
            } else {
                System.err.println("usage: DemoMain render PHOTOS VIDEO TRUTH | score TRUTH REPORT | late REPORT REFERENCE"
                        + " | stills VIDEO PREFIX FRAME..."
                        + " | loop VIDEO N OUT");
                System.exit(2);
            }
        } catch (FacerecException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(1);
        }
    }
}
