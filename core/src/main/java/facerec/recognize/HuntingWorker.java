package facerec.recognize;

import facerec.face.Box;
import facerec.face.Detection;
import facerec.face.FaceAnalyzer;
import facerec.face.FaceCrop;
import facerec.face.FaceTracker;
import facerec.face.Pyramid;
import facerec.store.Matcher;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * CenterFace's share of a video: a chunk, as {@link ChunkWorker}'s, but its keyframe looks at the
 * whole frame in detail only at a run's start, after a cut to a new shot, and where that costs
 * no more than hunting ({@link Hunt#whole}); otherwise where {@link Hunt} says: a square around
 * each face that the shot showed last, and a tile, or a coarse pass, where the picture changed
 * since the shot was last looked at ({@link Changes}). That needs the chunk before to have found
 * its faces and handed on its view, so a chunk waits for the one before there, and only there:
 * its cuts and copies are made before the wait, the tracking and the embeddings after this chunk
 * has handed its own faces on, so that the workers still run side by side.
 *
 * <p>A cut back to a shot seen before (the two sides of an interview, the cameras of a meeting)
 * is hunted around the faces that the shot showed last, as a continuing shot is: a chunk hands
 * on the last {@link #SHOTS} shots, each with its thumbnail, its faces and its view.
 *
 * <p>Faces that a tracker loses, or whose look changes, are looked for again in their squares,
 * not in the whole frame: at CenterFace's cost, the search that {@link ChunkWorker} makes every
 * other frame while a face is missing would cost more than the rest of the run.
 */
final class HuntingWorker {
    /**
     * What a chunk hands on: the faces of its last shot, at its keyframe or at its last cut, with
     * the number of keyframes since each was last found, at the detection width; that shot's
     * {@code look} (its {@link Cuts#thumbnail} as bytes, null in a carry made for a test); the
     * shots before it, latest first, each as a carry with no shots of its own; and where the shot
     * was last looked at: its {@code view} then ({@link Changes#view}) and the view's pixels that
     * have changed since a look last covered them ({@code stale}); both null in a carry made for
     * a test, as if all had changed.
     */
    record Carry(List<Box> boxes, List<Integer> misses, byte[] look, List<Carry> earlier, byte[] view, BitSet stale) {
        Carry(List<Box> boxes, List<Integer> misses) {
            this(boxes, misses, null, List.of(), null, null);
        }
    }

    /**
     * Shots remembered, so that a cut back to one of them (the two sides of an interview, the
     * cameras of a talk show or a meeting) is hunted around its faces as a continuing shot is,
     * not looked at whole.
     */
    static final int SHOTS = 8;

    /**
     * The largest change ({@link Cuts#score}) from a remembered shot's last keyframe to the frame
     * after a cut for which the cut is back to that shot: under {@link Cuts#MIN_SCORE}, less than
     * any frame that is ever taken for a cut.
     */
    static final double RECALL = Cuts.MIN_SCORE;

    /**
     * Keyframes that a face may go unfound before its square is no longer looked at: a face
     * missed once (turned, blurred, behind a hand) is looked for at the next keyframe too.
     */
    static final int MISSES = 1;

    private final FaceAnalyzer analyzer;
    private final Matcher matcher;
    private final int width;
    private final FaceTracker.Kind tracker;
    private final boolean crops;

    /** A frame that was detected, waiting for its faces' embeddings. */
    private record Detected(int frame, Mat rgb, List<Box> boxes, List<Integer> ids) {}

    HuntingWorker(FaceAnalyzer analyzer, Matcher matcher, int width, FaceTracker.Kind tracker, boolean crops) {
        this.analyzer = analyzer;
        this.matcher = matcher;
        this.width = width;
        this.tracker = tracker;
        this.crops = crops;
    }

    /**
     * Observations per picture of the chunk, in order.
     *
     * @param keyframe the chunk's index in the video (its first frame over the chunk size), which
     *                 picks its tile
     * @param before   the thumbnail ({@link #thumbnail}) of the frame before the chunk, which this
     *                 closes; null for the first chunk of a run
     * @param previous what the chunk before left; null for the first chunk of a run
     * @param next     completed with what this chunk leaves, as soon as its keyframe, or its last cut, is detected
     */
    List<List<Observation>> process(long keyframe, List<Mat> pictures, Mat before, Future<Carry> previous,
            CompletableFuture<Carry> next) throws InterruptedException {
        try (Pass pass = new Pass(keyframe, pictures, before)) {
            pass.start(previous);
            for (int i = 0; i < pictures.size(); i++) {
                pass.frame(i, next);
            }
            return pass.embed();
        } finally {
            // A chunk that failed leaves nothing: the next one then looks at its whole first frame.
            next.complete(null);
        }
    }

    /** One chunk's pass: its frames' faces found and followed, then embedded; it owns its native copies. */
    private final class Pass implements AutoCloseable {
        final long keyframe;
        final List<Mat> pictures;
        final Mat before;
        final List<List<Observation>> out = new ArrayList<>();
        final List<Mat> thumbs = new ArrayList<>();
        final List<Detected> detected = new ArrayList<>();
        /** The faces followed since the last detection: a tracker, an id, a box at the detection width, a look, whether half. */
        final List<FaceTracker> trackers = new ArrayList<>();
        final List<Integer> ids = new ArrayList<>();
        final List<Box> boxes = new ArrayList<>();
        final List<Mat> looks = new ArrayList<>();
        final List<Boolean> halves = new ArrayList<>();
        /** What the chunk before left, null at a run's start or after it failed. */
        Carry carried;
        /** The shot that the frame is in, with those before it. */
        Carry shot;
        /** The keyframe at the detection width, until it is detected. */
        Mat key;
        /** The frame being followed, at {@link #followed} pixels wide. */
        Mat follow;
        int nextId;
        /** The frames that start a shot: looked at whole, unless the shot is one remembered. */
        boolean[] cut;
        Hunt hunt;
        List<Detection> hunted = new ArrayList<>();
        /** The keyframe is looked at whole. */
        boolean whole;
        /** The view of the frame last detected for its shot ({@link Changes}), and what its hunt left stale. */
        byte[] view;
        Hunt.Plan plan;
        /** The frame whose shot the next chunk gets. */
        int handOn;
        /** The detection width, and the factor from it to the picture's. */
        int fine;
        double scale;
        /** The width of the frames the trackers follow, set at each detection by its faces. */
        int followed;

        Pass(long keyframe, List<Mat> pictures, Mat before) {
            this.keyframe = keyframe;
            this.pictures = pictures;
            this.before = before;
        }

        /** Finds the cuts, hunts the keyframe and waits for the chunk before where it must. */
        void start(Future<Carry> previous) throws InterruptedException {
            for (Mat bgr : pictures) {
                thumbs.add(Cuts.frameThumbnail(bgr));
            }
            // Cuts between the chunks too: the last shot's squares say nothing of this one.
            double[] scores = new double[thumbs.size() + 1];
            for (int i = 0; i < thumbs.size(); i++) {
                Mat last = i == 0 ? before : thumbs.get(i - 1);
                scores[i + 1] = last == null ? 0 : Cuts.score(last, thumbs.get(i));
            }
            boolean[] shots = Cuts.find(scores);
            cut = java.util.Arrays.copyOfRange(shots, 1, shots.length);
            key = detectable(pictures.get(0));
            fine = key.cols();
            hunt = new Hunt(key.cols(), key.rows());
            view = view(key);
            if (before != null && previous != null && !hunt.whole()) {
                // A chunk that starts a shot waits too: the shot may be one that it remembers.
                carried = await(previous);
                if (!cut[0] && carried != null) {
                    plan = plan(carried, view);
                    hunted.addAll(hunt(key, plan));
                }
            }
            // The keyframe is looked at whole at a run's start, where that costs no more than
            // hunting, and where the chunk before failed: nothing then to look around.
            whole = carried == null;
            // The next chunk gets the shot that this one ends in: at its keyframe, or at its last cut.
            for (int i = 1; i < cut.length; i++) {
                handOn = cut[i] ? i : handOn;
            }
            shot = carried;
            scale = pictures.get(0).cols() / (double) fine;
            followed = fine;
        }

        /** Frame {@code i}: its faces followed, or detected where a tracker is unsure or a shot starts. */
        void frame(int i, CompletableFuture<Carry> next) {
            List<Observation> seen = new ArrayList<>();
            try {
                boolean redetect = false;
                if (i > 0 && !cut[i] && !trackers.isEmpty()) {
                    follow = ChunkWorker.rgb(pictures.get(i), followed, false);
                    redetect = follow(seen);
                }
                if (i == 0 || cut[i] || redetect) {
                    seen.clear();
                    detect(i, next);
                }
            } finally {
                if (follow != null) {
                    follow.close();
                    follow = null;
                }
            }
            out.add(seen);
        }

        /** The trackers' boxes on {@link #follow}; true as soon as one is unsure, or half a face. */
        private boolean follow(List<Observation> seen) {
            double toFine = fine / (double) follow.cols();
            List<Box> tracked = new ArrayList<>();
            boolean redetect = false;
            try (Pyramid frame = new Pyramid(follow)) {
                for (int t = 0; t < trackers.size() && !redetect; t++) {
                    Box at = trackers.get(t).update(frame);
                    redetect = halves.get(t) || ChunkWorker.unsure(trackers.get(t), at, looks.get(t), follow, tracked);
                    tracked.add(at);
                    Box box = at.scale(toFine);
                    if (!redetect) {
                        boxes.set(t, box);
                    }
                    seen.add(new Observation(ids.get(t), box.scale(scale), null, null));
                }
            }
            return redetect;
        }

        /** Finds frame {@code i}'s faces, for the embeddings after the loop; hands on its shot; follows them. */
        private void detect(int i, CompletableFuture<Carry> next) {
            Mat sharp = i == 0 ? key : detectable(pictures.get(i));
            if (i == 0) {
                key = null;
            }
            List<Integer> faceIds = new ArrayList<>();
            List<Box> faces = new ArrayList<>();
            detected.add(new Detected(i, sharp, faces, faceIds));
            // The look of the keyframe or of a cut's frame, by which its shot is remembered.
            byte[] look = i == 0 || cut[i] ? Cuts.bytes(thumbs.get(i)) : null;
            Carry recalled = cut[i] && shot != null && !hunt.whole() ? recall(shot, look) : null;
            if (cut[i]) {
                // The keyframe's own view was made before the wait.
                view = i == 0 ? view : view(sharp);
                plan = recalled == null ? null : plan(recalled, view);
            }
            Hunt.merge(find(i, sharp, recalled)).forEach(d -> faces.add(d.box()));
            // Looked at whole, no tile is stale.
            BitSet stale = plan == null ? new BitSet() : plan.stale();
            if (cut[i]) {
                shot = shot == null ? carry(faces, null, look, List.of(), view, stale)
                        : carry(faces, recalled, look, remember(shot, recalled), view, stale);
            } else if (i == 0) {
                shot = carried == null ? carry(faces, null, look, List.of(), view, stale)
                        : carry(faces, carried, look, carried.earlier(), view, stale);
            }
            if (i == handOn) {
                next.complete(shot);
            }
            for (Box face : faces) {
                faceIds.add(nextId++);
            }
            restart(i, faces, faceIds);
        }

        /** Where frame {@code i} is looked at: whole, hunted, or around the faces it should show. */
        private List<Detection> find(int i, Mat sharp, Carry recalled) {
            List<Detection> found;
            if (recalled != null) {
                found = hunt(sharp, plan);
                found.addAll(around(sharp, hunt, recalled.boxes()));
            } else if (cut[i] || i == 0 && whole) {
                found = analyzer.locate(sharp);
            } else if (i == 0) {
                found = new ArrayList<>(hunted);
                found.addAll(around(sharp, hunt, carried.boxes()));
            } else {
                found = around(sharp, hunt, boxes);
            }
            return found;
        }

        /** Drops the trackers, and with frames to come follows the faces just detected. */
        private void restart(int i, List<Box> faces, List<Integer> faceIds) {
            trackers.forEach(FaceTracker::close);
            trackers.clear();
            ids.clear();
            boxes.clear();
            looks.forEach(Mat::close);
            looks.clear();
            halves.clear();
            if (i + 1 >= pictures.size() || faces.isEmpty()) {
                return;
            }
            followed = followedWidth(faces, fine);
            // The frame just followed serves again when the width stays (a half face, on every frame).
            if (follow == null || follow.cols() != followed) {
                if (follow != null) {
                    follow.close();
                }
                follow = ChunkWorker.rgb(pictures.get(i), followed, false);
            }
            try (Pyramid frame = new Pyramid(follow)) {
                double toFollowed = follow.cols() / (double) fine;
                for (int f = 0; f < faces.size(); f++) {
                    Box at = faces.get(f).scale(toFollowed);
                    trackers.add(FaceTracker.start(tracker, frame, at));
                    ids.add(faceIds.get(f));
                    boxes.add(faces.get(f));
                    looks.add(ChunkWorker.look(follow, at));
                    halves.add(half(faces.get(f), fine));
                }
            }
        }

        /** The detected frames' faces embedded, matched and cut: the chunk's observations. */
        List<List<Observation>> embed() {
            for (Detected d : detected) {
                int[][] landmarks = crops ? new int[d.boxes().size()][] : null;
                double[][] embeddings = analyzer.encode(d.rgb(), d.boxes(), landmarks);
                List<Observation> seen = out.get(d.frame());
                for (int f = 0; f < d.boxes().size(); f++) {
                    Box box = d.boxes().get(f).scale(scale);
                    seen.add(new Observation(d.ids().get(f), box, matcher.match(embeddings[f]), embeddings[f],
                            crops ? FaceCrop.cut(pictures.get(d.frame()), box, landmarks[f]) : null));
                }
            }
            return out;
        }

        /** A frame's view ({@link Changes#view}), by which the next keyframe sees what changed; none where every keyframe is looked at whole. */
        private byte[] view(Mat rgb) {
            return hunt.whole() ? null : Changes.view(rgb, hunt.viewWidth, hunt.viewHeight);
        }

        /**
         * What this keyframe, or the frame after a cut back to a remembered shot, looks at: where
         * the picture changed since the shot was last looked at, outside its faces' squares.
         */
        private Hunt.Plan plan(Carry shot, byte[] now) {
            BitSet changed = null;
            if (shot.view() != null && shot.view().length == now.length) {
                List<Box> squares = shot.boxes().stream().map(hunt::around).toList();
                changed = Changes.changed(shot.view(), now, hunt.viewWidth, hunt.viewHeight, 1 / hunt.coarseScale, squares);
            }
            return hunt.plan(keyframe, shot.stale(), changed);
        }

        /** A hunt's coarse pass over the frame, if the plan has it, and its fine tile, if any. */
        private List<Detection> hunt(Mat rgb, Hunt.Plan plan) {
            List<Detection> found = new ArrayList<>();
            if (plan.coarse()) {
                found.addAll(analyzer.locate(rgb, new Box(0, rgb.cols(), rgb.rows(), 0), hunt.coarseScale));
            }
            if (plan.tile() >= 0) {
                Box tile = hunt.tiles.get(plan.tile());
                analyzer.locate(rgb, tile, 1).stream().filter(d -> !hunt.cut(d.box(), tile)).forEach(found::add);
            }
            return found;
        }

        @Override
        public void close() {
            if (before != null) {
                before.close();
            }
            if (key != null) {
                key.close();
            }
            trackers.forEach(FaceTracker::close);
            looks.forEach(Mat::close);
            thumbs.forEach(Mat::close);
            detected.forEach(d -> d.rgb().close());
        }
    }

    /**
     * Whether a face is cut by the frame's side: a person coming in or going out. Half a face
     * embeds as nobody, or as anybody, so such a face is detected again in its square on every
     * frame until it is whole, and its name comes from the whole face as soon as it is in.
     */
    static boolean half(Box face, int frameWidth) {
        return face.left() <= 1 || face.right() >= frameWidth - 1;
    }

    /**
     * The frames that faces are followed on are as small as lets the smallest of them be {@link
     * #FOLLOWED_FACE} pixels, but no smaller than the tutorial's 400 (HOG's, which follows faces
     * there) nor larger than the detection width: each frame is downscaled for the trackers, and at
     * 1080p the detection width's copy alone cost more than HOG's whole tracking.
     */
    static int followedWidth(List<Box> faces, int fine) {
        int smallest = faces.stream().mapToInt(b -> Math.max(1, b.width())).min().orElse(FOLLOWED_FACE);
        int w = (int) Math.ceil(fine * (double) FOLLOWED_FACE / smallest);
        return Math.min(fine, Math.max(w, Math.min(fine, Recognizer.Options.WIDTH)));
    }

    /**
     * A frame at the detection width, in RGB. Area interpolation, which averages every source
     * pixel, matters where a frame shrinks by half or more; above that, bilinear is as good and
     * five times cheaper (1080p to 1536 pixels wide: 1.3 ms against 6.4).
     */
    private Mat detectable(Mat bgr) {
        return ChunkWorker.rgb(bgr, width, bgr.cols() >= 2 * width);
    }

    /** The least width, in pixels, of a face on the frames that trackers follow. */
    static final int FOLLOWED_FACE = 32;

    /**
     * The remembered shot that a frame after a cut goes back to: the latest of those before the
     * current one that it looks like ({@link #RECALL}); null for a new shot.
     */
    static Carry recall(Carry current, byte[] look) {
        for (Carry s : current.earlier()) {
            if (s.look() != null && look.length == s.look().length && Cuts.score(s.look(), look) < RECALL) {
                return s;
            }
        }
        return null;
    }

    /**
     * The shots before a new one: the one that a cut ends, then those before it but the one that
     * the cut goes back to, at most {@link #SHOTS} in all.
     */
    static List<Carry> remember(Carry ended, Carry recalled) {
        List<Carry> shots = new ArrayList<>();
        shots.add(new Carry(ended.boxes(), ended.misses(), ended.look(), List.of(), ended.view(), ended.stale()));
        ended.earlier().stream().filter(s -> s != recalled).limit(SHOTS - 1).forEach(shots::add);
        return List.copyOf(shots);
    }

    /** As {@link #carry(List, Carry, byte[], List, byte[], BitSet)}, for a shot with no look, no view and nothing before it. */
    static Carry carry(List<Box> found, Carry before) {
        return carry(found, before, null, List.of(), null, null);
    }

    /**
     * What a keyframe or a cut leaves the next: the faces it found, and those of the shot's
     * {@code before} that it did not find, for {@link #MISSES} keyframes.
     */
    static Carry carry(List<Box> found, Carry before, byte[] look, List<Carry> earlier, byte[] view, BitSet stale) {
        List<Box> boxes = new ArrayList<>(found);
        List<Integer> misses = new ArrayList<>(java.util.Collections.nCopies(found.size(), 0));
        if (before != null) {
            for (int b = 0; b < before.boxes().size(); b++) {
                Box box = before.boxes().get(b);
                if (before.misses().get(b) < MISSES && found.stream().noneMatch(f -> f.iou(box) > 0)) {
                    boxes.add(box);
                    misses.add(before.misses().get(b) + 1);
                }
            }
        }
        return new Carry(List.copyOf(boxes), List.copyOf(misses), look, earlier, view, stale);
    }

    /** Faces in the squares around these boxes, but those that the square's edge cuts. */
    private List<Detection> around(Mat rgb, Hunt hunt, List<Box> faces) {
        List<Detection> found = new ArrayList<>();
        for (Box face : faces) {
            Box square = hunt.around(face);
            // Just under the input's side, so that rounding up to a multiple of 32 gives that side.
            double scale = (Hunt.AROUND - 1e-6) / square.width();
            analyzer.locate(rgb, square, scale).stream().filter(d -> !hunt.cut(d.box(), square)).forEach(found::add);
        }
        return found;
    }

    private static Carry await(Future<Carry> previous) throws InterruptedException {
        try {
            return previous.get();
        } catch (ExecutionException e) {
            return null;
        }
    }
}
