package facerec.synth;

import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import facerec.FacerecException;
import facerec.face.Box;
import facerec.face.Detection;
import facerec.face.FaceAnalyzer;
import facerec.face.FaceSettings;
import facerec.face.Models;
import facerec.video.VideoWriter;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacv.Frame;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Renders a scene: photos of people (each cropped around its face, found by dlib) moving
 * along key-framed paths over a gradient, into a video file, with an optional tone as audio.
 * Returns the ground truth: in every frame, the box of each face that is wholly in the
 * frame and not covered by another photo.
 */
public final class SceneVideo {
    /** A face's place at time t: its centre as fractions of the frame, its width in pixels. */
    public record Key(double t, double cx, double cy, double faceWidth) {}

    /** A person's photo and path; {@code mirror} flips the photo left to right. */
    public record Actor(String name, Path photo, boolean mirror, List<Key> path) {}

    /** {@code shot} picks the background: two shots with different numbers look like a cut. */
    public record Scene(int width, int height, double fps, double seconds, List<Actor> actors, boolean tone, int shot) {
        public Scene(int width, int height, double fps, double seconds, List<Actor> actors, boolean tone) {
            this(width, height, fps, seconds, actors, tone, 0);
        }
    }

    /**
     * A face in the ground truth. A partial face (cut by the frame's edge, or partly covered
     * by another photo) need not be found, but whoever finds it may name it.
     */
    public record TruthFace(String name, Box box, boolean partial) {}

    public record TruthFrame(int index, List<TruthFace> faces) {}

    public record Truth(int width, int height, double fps, List<TruthFrame> frames) {
        public void write(Path file) {
            TruthJson.write(file, this);
        }

        public static Truth read(Path file) {
            return TruthJson.read(file, Truth.class);
        }
    }

    /** A photo cut around its face, and where the face is in the cut. */
    private record Cutout(Mat bgr, Box face) {}

    private SceneVideo() {}

    public static Truth render(Scene scene, Models models, Path video) {
        List<Cutout> cutouts = new ArrayList<>();
        try (FaceAnalyzer analyzer = new FaceAnalyzer(models, FaceSettings.DEFAULT)) {
            for (Actor a : scene.actors()) {
                cutouts.add(cutout(analyzer, a));
            }
        }
        List<TruthFrame> truth = new ArrayList<>();
        int frames = (int) Math.round(scene.seconds() * scene.fps());
        int audioRate = 44100;
        try (Mat background = background(scene.width(), scene.height(), scene.shot());
                VideoWriter writer = new VideoWriter(video, scene.width(), scene.height(), scene.fps(),
                        scene.tone() ? 1 : 0, audioRate)) {
            for (int i = 0; i < frames; i++) {
                double t = i / scene.fps();
                try (Mat frame = background.clone()) {
                    truth.add(new TruthFrame(i, paint(frame, scene, cutouts, t)));
                    writer.write(frame);
                }
                if (scene.tone()) {
                    writer.write(tone(audioRate, i, scene.fps()));
                }
            }
        } finally {
            cutouts.forEach(c -> c.bgr().close());
        }
        return new Truth(scene.width(), scene.height(), scene.fps(), truth);
    }

    private static Cutout cutout(FaceAnalyzer analyzer, Actor actor) {
        Mat bgr = opencv_imgcodecs.imread(actor.photo().toString());
        if (bgr.empty()) {
            throw new FacerecException("cannot read " + actor.photo());
        }
        if (actor.mirror()) {
            flip(bgr, bgr, 1);
        }
        Box face;
        try (Mat rgb = new Mat()) {
            cvtColor(bgr, rgb, COLOR_BGR2RGB);
            face = analyzer.locate(rgb).stream().map(Detection::box).max(Comparator.comparingLong(Box::area))
                    .orElseThrow(() -> new FacerecException("no face in " + actor.photo()));
        }
        // Keep a margin of head and shoulders around the face, as a person in a video has.
        int m = face.width() * 7 / 10;
        int x0 = Math.max(0, face.left() - m);
        int y0 = Math.max(0, face.top() - m);
        int x1 = Math.min(bgr.cols(), face.right() + m);
        int y1 = Math.min(bgr.rows(), face.bottom() + m * 2);
        Mat cut;
        try (Rect r = new Rect(x0, y0, x1 - x0, y1 - y0); Mat view = new Mat(bgr, r)) {
            cut = view.clone();
        }
        bgr.close();
        return new Cutout(cut, new Box(face.top() - y0, face.right() - x0, face.bottom() - y0, face.left() - x0));
    }

    /** Paints the actors present at time t, in order, and returns the faces that stay visible. */
    private static List<TruthFace> paint(Mat frame, Scene scene, List<Cutout> cutouts, double t) {
        List<TruthFace> faces = new ArrayList<>();
        for (int a = 0; a < scene.actors().size(); a++) {
            Key k = at(scene.actors().get(a).path(), t);
            if (k == null) {
                continue;
            }
            Cutout c = cutouts.get(a);
            double s = k.faceWidth() / c.face().width();
            int w = Math.max(1, (int) Math.round(c.bgr().cols() * s));
            int h = Math.max(1, (int) Math.round(c.bgr().rows() * s));
            double faceCx = (c.face().left() + c.face().right()) / 2.0;
            double faceCy = (c.face().top() + c.face().bottom()) / 2.0;
            int x = (int) Math.round(k.cx() * scene.width() - faceCx * s);
            int y = (int) Math.round(k.cy() * scene.height() - faceCy * s);
            int fx0 = Math.max(0, x);
            int fy0 = Math.max(0, y);
            int fx1 = Math.min(scene.width(), x + w);
            int fy1 = Math.min(scene.height(), y + h);
            if (fx1 <= fx0 || fy1 <= fy0) {
                continue;
            }
            try (Mat scaled = new Mat(); Size size = new Size(w, h)) {
                resize(c.bgr(), scaled, size, 0, 0, s < 1 ? INTER_AREA : INTER_LINEAR);
                try (Rect src = new Rect(fx0 - x, fy0 - y, fx1 - fx0, fy1 - fy0);
                        Rect dst = new Rect(fx0, fy0, fx1 - fx0, fy1 - fy0);
                        Mat from = new Mat(scaled, src); Mat to = new Mat(frame, dst)) {
                    from.copyTo(to);
                }
            }
            int[] rect = {fx0, fy0, fx1, fy1};
            // A face this photo covers is gone; one it covers in part is partial.
            for (int j = faces.size() - 1; j >= 0; j--) {
                TruthFace f = faces.get(j);
                double covered = coveredFraction(f.box(), rect);
                if (covered > 0.6) {
                    faces.remove(j);
                } else if (covered > 0.1) {
                    faces.set(j, new TruthFace(f.name(), f.box(), true));
                }
            }
            Box box = new Box((int) Math.round(y + c.face().top() * s), (int) Math.round(x + c.face().right() * s),
                    (int) Math.round(y + c.face().bottom() * s), (int) Math.round(x + c.face().left() * s));
            Box inFrame = box.trim(scene.width(), scene.height());
            boolean whole = inFrame.equals(box);
            if (whole || (inFrame.width() > 0 && inFrame.height() > 0 && inFrame.area() >= box.area() / 3)) {
                faces.add(new TruthFace(scene.actors().get(a).name(), inFrame, !whole));
            }
        }
        return faces;
    }

    private static double coveredFraction(Box face, int[] rect) {
        int w = Math.min(face.right(), rect[2]) - Math.max(face.left(), rect[0]);
        int h = Math.min(face.bottom(), rect[3]) - Math.max(face.top(), rect[1]);
        return w <= 0 || h <= 0 ? 0 : (double) w * h / face.area();
    }

    /** Linear interpolation between key frames; null outside the path's time span. */
    static Key at(List<Key> path, double t) {
        if (path.isEmpty() || t < path.get(0).t() || t > path.get(path.size() - 1).t()) {
            return null;
        }
        for (int i = 1; i < path.size(); i++) {
            Key a = path.get(i - 1);
            Key b = path.get(i);
            if (t <= b.t()) {
                double u = b.t() == a.t() ? 1 : (t - a.t()) / (b.t() - a.t());
                return new Key(t, a.cx() + u * (b.cx() - a.cx()), a.cy() + u * (b.cy() - a.cy()),
                        a.faceWidth() + u * (b.faceWidth() - a.faceWidth()));
            }
        }
        return path.get(path.size() - 1);
    }

    private static Mat background(int width, int height, int shot) {
        Mat bg = new Mat(height, width, org.bytedeco.opencv.global.opencv_core.CV_8UC3);
        boolean light = shot % 2 == 1;
        try (var idx = bg.<org.bytedeco.javacpp.indexer.UByteIndexer>createIndexer()) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    idx.put(y, x, 0, light ? 230 - 40 * y / height : 90 + 60 * x / width);
                    idx.put(y, x, 1, light ? 220 - 30 * x / width : 70 + 40 * y / height);
                    idx.put(y, x, 2, light ? 200 : 50);
                }
            }
        }
        return bg;
    }

    /** One frame's worth of a 440 Hz tone, mono 16-bit. */
    private static Frame tone(int rate, int frameIndex, double fps) {
        int from = (int) Math.round(frameIndex * rate / fps);
        int to = (int) Math.round((frameIndex + 1) * rate / fps);
        ShortBuffer samples = ShortBuffer.allocate(to - from);
        for (int i = from; i < to; i++) {
            samples.put((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        samples.flip();
        Frame f = new Frame();
        f.sampleRate = rate;
        f.audioChannels = 1;
        f.samples = new java.nio.Buffer[] {samples};
        return f;
    }
}
