package facerec.synth;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import facerec.FacerecException;
import facerec.video.VideoReader;
import facerec.video.VideoWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Edited clips made of real footage, with their ground truth by construction. Each segment is
 * a stretch of one real recording of one person, scaled and cropped to fill the frame so that
 * every recording puts its face near the same spot. A segment comes in by a hard cut, or by a
 * pan: the shot slides in from the right over {@link #PAN_FRAMES} frames across an empty grey
 * field, so that its face enters the picture mid-shot. A segment without a source is that
 * empty field: nobody.
 */
public final class EditedClip {
    /** How long a pan takes to bring its shot wholly into the picture. */
    public static final int PAN_FRAMES = 20;

    public enum Entry { CUT, PAN }

    /** Frames {@code [from, from + frames)} of {@code source} (null: the empty field) showing {@code person}. */
    public record Segment(String person, String source, int from, int frames, Entry entry) {
        public static Segment nobody(int frames) {
            return new Segment(null, null, 0, frames, Entry.CUT);
        }
    }

    /** Where a segment landed in the clip: frames {@code first..last}, inclusive. */
    public record Span(String person, int first, int last, String source, int from, Entry entry) {}

    /** The clip's ground truth: who is in the picture, span by span. */
    public record Truth(int width, int height, double fps, List<Span> spans) {
        /** The person in frame {@code index}, or null. */
        public String person(int index) {
            for (Span s : spans) {
                if (index >= s.first() && index <= s.last()) {
                    return s.person();
                }
            }
            return null;
        }

        public int frames() {
            return spans.isEmpty() ? 0 : spans.get(spans.size() - 1).last() + 1;
        }

        /** The frames that start a new shot by a hard cut (the first frame of a pan's grey field is one too). */
        public List<Integer> cuts() {
            List<Integer> cuts = new ArrayList<>();
            for (int i = 1; i < spans.size(); i++) {
                Span s = spans.get(i);
                Span before = spans.get(i - 1);
                boolean fromNobody = before.source() == null;
                boolean continuous = s.source() == null ? fromNobody : s.entry() == Entry.PAN && fromNobody;
                if (!continuous) {
                    cuts.add(s.first());
                }
            }
            return cuts;
        }

        public void write(Path file) {
            TruthJson.write(file, this);
        }

        public static Truth read(Path file) {
            return TruthJson.read(file, Truth.class);
        }
    }

    private EditedClip() {}

    /** Joins the segments (sources are file names in {@code clips}) into {@code video}; returns the truth. */
    public static Truth render(List<Segment> segments, Path clips, Path video, int width, int height, double fps) {
        List<Span> spans = new ArrayList<>();
        try (VideoWriter writer = new VideoWriter(video, width, height, fps, 0, 0)) {
            int frame = 0;
            for (Segment s : segments) {
                spans.add(new Span(s.person(), frame, frame + s.frames() - 1, s.source(), s.from(), s.entry()));
                if (s.source() == null) {
                    for (int i = 0; i < s.frames(); i++) {
                        try (Mat grey = field(width, height)) {
                            writer.write(grey);
                        }
                    }
                } else {
                    write(s, clips, writer, width, height);
                }
                frame += s.frames();
            }
        }
        return new Truth(width, height, fps, spans);
    }

    private static void write(Segment s, Path clips, VideoWriter writer, int width, int height) {
        String source = clips.resolve(s.source()).toString();
        try (VideoReader reader = new VideoReader(source, false)) {
            int written = 0;
            for (int index = 0; written < s.frames(); index++) {
                VideoReader.Item item = reader.next();
                if (item == null) {
                    throw new FacerecException(source + " ends before frame " + (s.from() + s.frames()));
                }
                if (!(item instanceof VideoReader.Picture p)) {
                    continue;
                }
                try (Mat bgr = p.bgr()) {
                    if (index < s.from()) {
                        continue;
                    }
                    try (Mat shot = fill(bgr, width, height)) {
                        int offset = s.entry() == Entry.PAN && written < PAN_FRAMES
                                ? width - width * written / PAN_FRAMES : 0;
                        if (offset == 0) {
                            writer.write(shot);
                        } else {
                            try (Mat panned = field(width, height)) {
                                if (offset < width) {
                                    try (Rect from = new Rect(0, 0, width - offset, height);
                                            Rect to = new Rect(offset, 0, width - offset, height);
                                            Mat src = new Mat(shot, from); Mat dst = new Mat(panned, to)) {
                                        src.copyTo(dst);
                                    }
                                }
                                writer.write(panned);
                            }
                        }
                    }
                    written++;
                }
            }
        }
    }

    /** The empty picture: mid grey. */
    private static Mat field(int width, int height) {
        try (Scalar grey = new Scalar(128, 128, 128, 0)) {
            return new Mat(height, width, org.bytedeco.opencv.global.opencv_core.CV_8UC3, grey);
        }
    }

    /** Scales the frame to cover width x height and crops the middle. */
    static Mat fill(Mat bgr, int width, int height) {
        double scale = Math.max((double) width / bgr.cols(), (double) height / bgr.rows());
        int w = Math.max(width, (int) Math.round(bgr.cols() * scale));
        int h = Math.max(height, (int) Math.round(bgr.rows() * scale));
        try (Mat scaled = new Mat(); Size size = new Size(w, h)) {
            resize(bgr, scaled, size, 0, 0, INTER_AREA);
            try (Rect middle = new Rect((w - width) / 2, (h - height) / 2, width, height); Mat crop = new Mat(scaled, middle)) {
                return crop.clone();
            }
        }
    }
}
