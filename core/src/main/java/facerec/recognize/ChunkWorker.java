package facerec.recognize;

import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import facerec.face.Box;
import facerec.face.Detection;
import facerec.face.FaceAnalyzer;
import facerec.face.FaceCrop;
import facerec.face.FaceTracker;
import facerec.face.Pyramid;
import facerec.store.Matcher;
import facerec.video.Images;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A worker's share of a video: a chunk of consecutive frames. The first frame is detected and
 * its faces embedded; on the following ones each face is followed by a correlation tracker,
 * unless a tracker loses its face, its look changes, faces run into each other, or the picture
 * cuts to another shot ({@link Cuts}), in which case that frame is detected again. While no
 * face is followed, or fewer than before, every other frame is detected (every frame after a
 * cut). Works on downscaled RGB copies, reports boxes in full-frame pixels; who each face is,
 * is settled later, by {@link TrackBook}.
 */
final class ChunkWorker {
    /**
     * Mean absolute difference of a face's 16x16 grey patch from its look when detected above
     * which the tracker is holding on to something else (the face left, or was covered).
     */
    static final double CHANGED = 25;
    /** Intersection over union of two tracked faces above which they are detected again. */
    static final double OVERLAP = 0.1;

    private final FaceAnalyzer analyzer;
    private final Matcher matcher;
    private final int width;
    private final FaceTracker.Kind tracker;
    private final boolean crops;

    /** @param crops cut each detected face out of the full frame ({@link FaceCrop}) */
    ChunkWorker(FaceAnalyzer analyzer, Matcher matcher, int width, FaceTracker.Kind tracker, boolean crops) {
        this.analyzer = analyzer;
        this.matcher = matcher;
        this.width = width;
        this.tracker = tracker;
        this.crops = crops;
    }

    /** The faces that a chunk follows from its last detection: a tracker, an id and a look each. */
    private static final class Followed implements AutoCloseable {
        final List<FaceTracker> trackers = new ArrayList<>();
        final List<Integer> ids = new ArrayList<>();
        final List<Mat> looks = new ArrayList<>();
        int nextId;

        /** Drops them all: the frame is detected again. */
        void clear() {
            close();
            trackers.clear();
            ids.clear();
            looks.clear();
        }

        @Override
        public void close() {
            trackers.forEach(FaceTracker::close);
            looks.forEach(Mat::close);
        }
    }

    /** Observations per picture of the chunk, in order. */
    List<List<Observation>> process(List<Mat> pictures) {
        List<List<Observation>> out = new ArrayList<>();
        // Frames that are only tracked get the cheap bilinear downscale; it also serves to find the cuts.
        List<Mat> fast = new ArrayList<>();
        try (Followed followed = new Followed()) {
            // A one-frame chunk (--detect-every 1) has nothing to track and no cut to find.
            if (pictures.size() > 1) {
                for (Mat bgr : pictures) {
                    fast.add(rgb(bgr, false));
                }
            }
            KeyframePolicy policy = new KeyframePolicy(pictures.size() > 1 ? cuts(fast) : new boolean[1]);
            for (int i = 0; i < pictures.size(); i++) {
                Mat bgr = pictures.get(i);
                boolean detect = policy.detect(i, followed.trackers.size());
                List<Observation> seen = new ArrayList<>();
                if (!detect) {
                    detect = follow(followed, bgr, fast.get(i), seen);
                }
                if (detect) {
                    followed.clear();
                    seen.clear();
                    policy.detected(i, detect(followed, bgr, i + 1 < pictures.size(), seen));
                }
                out.add(seen);
            }
        } finally {
            fast.forEach(Mat::close);
        }
        return out;
    }

    /** Follows the faces onto the frame ({@code rgb}, its fast copy); true as soon as one is unsure: detect it instead. */
    private static boolean follow(Followed followed, Mat bgr, Mat rgb, List<Observation> seen) {
        double scale = bgr.cols() / (double) rgb.cols();
        List<Box> tracked = new ArrayList<>();
        try (Pyramid frame = new Pyramid(rgb)) {
            for (int t = 0; t < followed.trackers.size(); t++) {
                Box box = followed.trackers.get(t).update(frame);
                boolean unsure = unsure(followed.trackers.get(t), box, followed.looks.get(t), rgb, tracked);
                tracked.add(box);
                seen.add(new Observation(followed.ids.get(t), box.scale(scale), null, null));
                if (unsure) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Detects and embeds the frame's faces, and with {@code more} frames to come starts following
     * them; the number of faces found.
     */
    private int detect(Followed followed, Mat bgr, boolean more, List<Observation> seen) {
        // Frames that are detected are downscaled as the tutorial does (area interpolation).
        try (Mat rgb = rgb(bgr, true); Pyramid frame = new Pyramid(rgb)) {
            double scale = bgr.cols() / (double) rgb.cols();
            List<Box> boxes = analyzer.locate(rgb).stream().map(Detection::box).toList();
            int[][] landmarks = crops ? new int[boxes.size()][] : null;
            double[][] embeddings = analyzer.encode(rgb, boxes, landmarks);
            for (int f = 0; f < boxes.size(); f++) {
                int id = followed.nextId++;
                Box box = boxes.get(f).scale(scale);
                seen.add(new Observation(id, box, matcher.match(embeddings[f]), embeddings[f],
                        crops ? FaceCrop.cut(bgr, box, landmarks[f]) : null));
                if (more) {
                    followed.trackers.add(FaceTracker.start(tracker, frame, boxes.get(f)));
                    followed.ids.add(id);
                    followed.looks.add(look(rgb, boxes.get(f)));
                }
            }
            return boxes.size();
        }
    }

    /** The frame downscaled to the detection width, in RGB: by area (as the tutorial) or bilinear (cheaper). */
    static Mat rgb(Mat bgr, int width, boolean area) {
        Mat rgb = new Mat();
        try (Mat small = area ? Images.downscale(bgr, width) : Images.downscaleFast(bgr, width)) {
            cvtColor(small, rgb, COLOR_BGR2RGB);
        }
        return rgb;
    }

    private Mat rgb(Mat bgr, boolean area) {
        return rgb(bgr, width, area);
    }

    /** Which frames of the chunk start a new shot; the chunk is their only context. */
    private static boolean[] cuts(List<Mat> rgbs) {
        double[] scores = new double[rgbs.size()];
        Mat previous = null;
        try {
            for (int i = 0; i < rgbs.size(); i++) {
                Mat thumb = Cuts.thumbnail(rgbs.get(i));
                if (previous != null) {
                    scores[i] = Cuts.score(previous, thumb);
                    previous.close();
                }
                previous = thumb;
            }
        } finally {
            if (previous != null) {
                previous.close();
            }
        }
        return Cuts.find(scores);
    }

    /**
     * Whether a tracker's new box must be checked by detecting the frame again: it lost its
     * face, its box shrank to nothing, the face's look changed, or it ran into another face.
     */
    static boolean unsure(FaceTracker tracker, Box box, Mat look, Mat rgb, List<Box> others) {
        return tracker.lost() || box.width() < 8 || box.height() < 8 || changed(look, rgb, box) || overlaps(box, others);
    }

    /**
     * Whether a tracked face runs into another: one is about to pass in front of the other,
     * and a tracker would follow whichever it likes; detection sorts out who is still visible.
     */
    private static boolean overlaps(Box box, List<Box> others) {
        return others.stream().anyMatch(o -> o.iou(box) > OVERLAP);
    }

    /** A face's look: its box as a 16x16 grey patch, blurred enough to ignore small moves. */
    static Mat look(Mat rgb, Box box) {
        Mat patch = new Mat();
        try (org.bytedeco.opencv.opencv_core.Rect r = new org.bytedeco.opencv.opencv_core.Rect(box.left(), box.top(),
                Math.max(1, box.width()), Math.max(1, box.height()));
                Mat face = new Mat(rgb, r); Mat grey = new Mat(); Size size = new Size(16, 16)) {
            cvtColor(face, grey, COLOR_RGB2GRAY);
            resize(grey, patch, size, 0, 0, INTER_AREA);
        }
        return patch;
    }

    private static boolean changed(Mat look, Mat rgb, Box box) {
        if (box.width() < 1 || box.height() < 1) {
            return true;
        }
        try (Mat now = look(rgb, box); Mat diff = new Mat()) {
            absdiff(look, now, diff);
            try (Scalar m = mean(diff)) {
                return m.get(0) > CHANGED;
            }
        }
    }
}
