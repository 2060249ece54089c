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
import facerec.face.FaceTracker;
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
 * unless a tracker loses its face or the picture changes wholesale (a cut), in which case that
 * frame is detected again. Works on the downscaled RGB copy, reports boxes in full-frame pixels.
 */
final class ChunkWorker {
    /** Mean absolute difference of two 64x36 grey thumbnails above which a frame is a new shot. */
    static final double CUT = 30;
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

    ChunkWorker(FaceAnalyzer analyzer, Matcher matcher, int width, FaceTracker.Kind tracker) {
        this.analyzer = analyzer;
        this.matcher = matcher;
        this.width = width;
        this.tracker = tracker;
    }

    /** Observations per picture of the chunk, in order. */
    List<List<Observation>> process(List<Mat> pictures) {
        List<List<Observation>> out = new ArrayList<>();
        List<FaceTracker> trackers = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        List<Mat> looks = new ArrayList<>();
        int nextId = 0;
        Mat previous = null;
        try {
            for (int i = 0; i < pictures.size(); i++) {
                Mat bgr = pictures.get(i);
                // Frames that are detected are downscaled as the tutorial does (area interpolation);
                // frames that are only tracked get the cheaper bilinear one.
                Mat small = i == 0 ? Images.downscale(bgr, width) : Images.downscaleFast(bgr, width);
                double scale = bgr.cols() / (double) small.cols();
                Mat rgb = new Mat();
                try {
                    cvtColor(small, rgb, COLOR_BGR2RGB);
                    Mat thumb = thumbnail(rgb);
                    boolean detect = i == 0 || isCut(previous, thumb);
                    if (previous != null) {
                        previous.close();
                    }
                    previous = thumb;
                    List<Observation> seen = new ArrayList<>();
                    if (!detect) {
                        List<Box> tracked = new ArrayList<>();
                        for (int t = 0; t < trackers.size() && !detect; t++) {
                            Box box = trackers.get(t).update(rgb);
                            detect = trackers.get(t).lost() || box.width() < 8 || box.height() < 8
                                    || changed(looks.get(t), rgb, box) || overlaps(box, tracked);
                            tracked.add(box);
                            seen.add(new Observation(ids.get(t), box.scale(scale), null));
                        }
                    }
                    if (detect) {
                        if (i > 0) {
                            rgb.close();
                            if (small != bgr) {
                                small.close();
                            }
                            small = Images.downscale(bgr, width);
                            rgb = new Mat();
                            cvtColor(small, rgb, COLOR_BGR2RGB);
                        }
                        trackers.forEach(FaceTracker::close);
                        trackers.clear();
                        ids.clear();
                        looks.forEach(Mat::close);
                        looks.clear();
                        seen.clear();
                        List<Box> boxes = analyzer.locate(rgb).stream().map(Detection::box).toList();
                        double[][] embeddings = analyzer.encode(rgb, boxes);
                        for (int f = 0; f < boxes.size(); f++) {
                            int id = nextId++;
                            seen.add(new Observation(id, boxes.get(f).scale(scale), matcher.match(embeddings[f])));
                            if (pictures.size() > 1) {
                                trackers.add(FaceTracker.start(tracker, rgb, boxes.get(f)));
                                ids.add(id);
                                looks.add(look(rgb, boxes.get(f)));
                            }
                        }
                    }
                    out.add(seen);
                } finally {
                    rgb.close();
                    if (small != bgr) {
                        small.close();
                    }
                }
            }
        } finally {
            trackers.forEach(FaceTracker::close);
            looks.forEach(Mat::close);
            if (previous != null) {
                previous.close();
            }
        }
        return out;
    }

    /**
     * Whether a tracked face runs into another: one is about to pass in front of the other,
     * and a tracker would follow whichever it likes; detection sorts out who is still visible.
     */
    private static boolean overlaps(Box box, List<Box> others) {
        return others.stream().anyMatch(o -> o.iou(box) > OVERLAP);
    }

    /** A face's look: its box as a 16x16 grey patch, blurred enough to ignore small moves. */
    private static Mat look(Mat rgb, Box box) {
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

    private static Mat thumbnail(Mat rgb) {
        Mat thumb = new Mat();
        try (Mat grey = new Mat(); Size size = new Size(64, 36)) {
            cvtColor(rgb, grey, COLOR_RGB2GRAY);
            resize(grey, thumb, size, 0, 0, INTER_AREA);
        }
        return thumb;
    }

    static boolean isCut(Mat previous, Mat thumb) {
        if (previous == null) {
            return false;
        }
        try (Mat diff = new Mat()) {
            absdiff(previous, thumb, diff);
            try (Scalar m = mean(diff)) {
                return m.get(0) > CUT;
            }
        }
    }
}
