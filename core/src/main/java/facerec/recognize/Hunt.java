package facerec.recognize;

import facerec.face.Box;
import facerec.face.CenterFace;
import facerec.face.Detection;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Where CenterFace looks on a keyframe, so that small faces are found at about the cost of one
 * HOG call. Its cost is close to linear in the pixels it is given (about 0.3 microseconds each on
 * one core), and a 1080p frame at the scale where a 20-pixel face is found is 1.3 million of
 * them: 12 HOG calls. So the whole frame at that scale (the fine pass) is looked at only where
 * new faces are likely, at a run's first frame and after a cut, or where it costs no more than
 * hunting ({@link #whole}). Every other keyframe gets instead:
 * <ul>
 * <li>a small square around each face that the keyframe before found ({@link #around}), which
 *     keeps a small face found from chunk to chunk;</li>
 * <li>where the picture changed since the shot was last looked at ({@link Changes}), the tile
 *     of the fine frame that changed most, and, where the change could be a large face, a coarse
 *     pass over the whole frame at {@link #COARSE_PIXELS} ({@link #plan});</li>
 * <li>every {@link #SWEEP} keyframes, the coarse pass and a tile in turn whatever changed, for
 *     a face that comes in changing the picture too little to be seen changing.</li>
 * </ul>
 * Pure geometry and bookkeeping on the frame that faces are detected on (the detection width's).
 */
final class Hunt {
    /** The coarse pass's input, in pixels: about 15 ms on one core, against HOG's 37. */
    static final int COARSE_PIXELS = 320 * 192;
    /** A fine tile's side (a multiple of 32, as the network's input must be). */
    static final int TILE = 256;
    /** The side of the network's input for a face's own square. */
    static final int AROUND = 128;
    /**
     * A face's square is this many times its box's larger side: the box is the keyframe before's,
     * a chunk earlier, and a face may have moved by more than its width since.
     */
    static final double AROUND_SIDES = 4;
    /**
     * How much larger than dlib's box a face's CenterFace box may be (it is taller, 1 / 0.808,
     * with room), for the tiles' overlap: a face that the coarse pass is too coarse for lies
     * whole in one tile.
     */
    private static final double BOX_GROWTH = 1.5;

    final int width;
    final int height;
    /** The coarse pass's scale of the frame; 1 when the frame is that small already. */
    final double coarseScale;
    /** The fine tiles, in the order the keyframes take them; empty when the coarse pass is the fine one. */
    final List<Box> tiles;

    /**
     * Each tile's part that a look at it clears ({@link #inner}); together they cover the frame,
     * so a change anywhere is cleared by a look at some tile.
     */
    final List<Box> inners;
    /** The size of a keyframe's view ({@link Changes}): the frame at the coarse pass's scale. */
    final int viewWidth;
    final int viewHeight;

    Hunt(int width, int height) {
        this.width = width;
        this.height = height;
        this.coarseScale = Math.min(1, Math.sqrt(COARSE_PIXELS / ((double) width * height)));
        this.tiles = coarseScale == 1 ? List.of() : tiles(width, height, overlap(coarseScale));
        this.inners = tiles.stream().map(this::inner).toList();
        this.viewWidth = Math.max(1, (int) Math.round(width * coarseScale));
        this.viewHeight = Math.max(1, (int) Math.round(height * coarseScale));
    }

    /**
     * Every this many keyframes the hunt looks as if all had changed: the coarse pass and the
     * sweep's next tile, for a face that comes in changing the picture by less than {@link
     * Changes#DIFF} (a dark face in a dark room).
     */
    static final int SWEEP = 4;

    /** Stale pixels of the view that make a tile worth a look: a 20-pixel face is 3 or 4 of them at 1080p. */
    static final int STALE = 2;

    /**
     * Changed pixels of the view, anywhere, for which the coarse pass runs: a quarter of a face
     * that may be too large for a tile (as tall as the tiles' overlap, 24 pixels of the view).
     */
    static final int LARGE = (int) Math.pow(BOX_GROWTH * CenterFace.SMALLEST_FACE, 2) / 4;

    /**
     * What a hunted keyframe looks at: whether the coarse pass, which tile ({@link #tiles}' index,
     * -1 for none), and the pixels of the view ({@link Changes}) that have changed since a look
     * last covered them, for the next.
     */
    record Plan(boolean coarse, int tile, BitSet stale) {}

    /**
     * The plan for keyframe {@code keyframe}, from the pixels that the shot left stale and those
     * that changed since ({@link Changes#changed}); null for either (no view to compare with) is
     * a change everywhere. The tile whose look would clear the most stale pixels is looked at, if
     * one would clear {@link #STALE}: a look clears those away from the edges that the tile shares
     * with its neighbours ({@link #inner}; a face cut there is left to them). The coarse pass runs
     * where a large face may have come in.
     */
    Plan plan(long keyframe, BitSet stale, BitSet changed) {
        if (tiles.isEmpty()) {
            return new Plan(false, -1, new BitSet());
        }
        boolean known = stale != null && changed != null;
        boolean sweep = !known || Math.floorMod(keyframe, SWEEP) == 0;
        BitSet left = new BitSet();
        int tile = -1;
        if (known) {
            left.or(stale);
            left.or(changed);
            int[] counts = Changes.count(left, viewWidth, viewHeight, 1 / coarseScale, inners);
            for (int t = 0; t < counts.length; t++) {
                if (counts[t] >= STALE && (tile < 0 || counts[t] > counts[tile])) {
                    tile = t;
                }
            }
        }
        if (tile < 0 && sweep) {
            tile = sweepTile(keyframe);
        }
        if (tile >= 0) {
            Changes.clear(left, viewWidth, viewHeight, 1 / coarseScale, inners.get(tile));
        }
        return new Plan(sweep || changed.cardinality() >= LARGE, tile, left);
    }

    /** A tile but half the overlap along each edge that it shares with a neighbour. */
    Box inner(Box tile) {
        int half = overlap(coarseScale) / 2;
        return new Box(tile.top() > 0 ? tile.top() + half : 0, tile.right() < width ? tile.right() - half : width,
                tile.bottom() < height ? tile.bottom() - half : height, tile.left() > 0 ? tile.left() + half : 0);
    }

    /**
     * Whether the whole frame in detail costs no more than a coarse pass and a tile: then every
     * keyframe is looked at whole, as a 400x300 clip's 320x240 at --min-face 20, and no chunk
     * waits for another.
     */
    boolean whole() {
        return tiles.isEmpty() || COARSE_PIXELS + (long) TILE * TILE >= (long) width * height;
    }

    /**
     * The tile ({@link #tiles}' index) that the sweep looks at on keyframe {@code keyframe} (of the
     * whole video), one every {@link #SWEEP} keyframes, in the order of {@link #tiles}.
     */
    int sweepTile(long keyframe) {
        return (int) Math.floorMod(Math.floorDiv(keyframe, SWEEP), (long) tiles.size());
    }

    /** Pixels that neighbouring tiles share: the tallest face that the coarse pass may miss. */
    static int overlap(double coarseScale) {
        return (int) Math.ceil(BOX_GROWTH * CenterFace.SMALLEST_FACE / coarseScale);
    }

    /**
     * Tiles of {@code tile} pixels square (or the frame's side, when smaller) covering the frame,
     * neighbours sharing {@code overlap} pixels; the last of a row or column is flush with the
     * frame's edge, so that every tile has one size and one network. The order strides across
     * the frame, so that consecutive keyframes look at parts far apart.
     */
    static List<Box> tiles(int width, int height, int overlap) {
        int tw = Math.min(TILE, width), th = Math.min(TILE, height);
        List<Integer> xs = starts(width, tw, overlap), ys = starts(height, th, overlap);
        List<Box> grid = new ArrayList<>();
        for (int y : ys) {
            for (int x : xs) {
                grid.add(new Box(y, x + tw, y + th, x));
            }
        }
        // A stride that is prime to the count visits every tile once per sweep.
        int n = grid.size(), stride = Math.max(1, (int) Math.round(n * 0.382));
        while (gcd(stride, n) != 1) {
            stride++;
        }
        List<Box> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(grid.get((int) ((long) i * stride % n)));
        }
        return List.copyOf(order);
    }

    private static List<Integer> starts(int length, int tile, int overlap) {
        List<Integer> starts = new ArrayList<>();
        int step = Math.max(1, tile - overlap);
        for (int s = 0; ; s += step) {
            if (s + tile >= length) {
                starts.add(Math.max(0, length - tile));
                return starts;
            }
            starts.add(s);
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * The square that a face is looked for in on the next keyframe: {@link #AROUND_SIDES} times the
     * face's larger side, centred on it, moved inside the frame (never larger than its shorter
     * side). At the network's {@link #AROUND} pixels, the face is then 32, twice what it needs.
     */
    Box around(Box face) {
        int side = (int) Math.min(Math.min(width, height),
                Math.max(AROUND / 4.0, Math.ceil(AROUND_SIDES * Math.max(face.width(), face.height()))));
        int cx = (face.left() + face.right()) / 2, cy = (face.top() + face.bottom()) / 2;
        int left = Math.max(0, Math.min(width - side, cx - side / 2));
        int top = Math.max(0, Math.min(height - side, cy - side / 2));
        return new Box(top, left + side, top + side, left);
    }

    /**
     * Detections of one frame from several passes, which overlap: one per face, the best-scored
     * where two lie on each other (as CenterFace's own non-maximum suppression), best first.
     */
    static List<Detection> merge(List<Detection> found) {
        List<Detection> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            if (kept.stream().noneMatch(k -> k.box().iou(d.box()) >= MERGE_IOU || inside(d.box(), k.box()))) {
                kept.add(d);
            }
        }
        return kept;
    }

    /**
     * Whether a face found in a part of the frame is cut by the part's edge: a face half in a
     * tile is a half face, whose embedding could be anybody's. Where the part's edge is the
     * frame's, the face is as whole as the frame shows it.
     */
    boolean cut(Box face, Box part) {
        int margin = 2;
        return face.left() <= part.left() + margin && part.left() > 0
                || face.top() <= part.top() + margin && part.top() > 0
                || face.right() >= part.right() - margin && part.right() < width
                || face.bottom() >= part.bottom() - margin && part.bottom() < height;
    }

    /** CenterFace's own non-maximum suppression threshold. */
    static final double MERGE_IOU = 0.3;

    /** Whether most of {@code a} lies in {@code b}: a face cut by a tile's edge, found whole elsewhere. */
    private static boolean inside(Box a, Box b) {
        double w = Math.min(a.right(), b.right()) - Math.max(a.left(), b.left());
        double h = Math.min(a.bottom(), b.bottom()) - Math.max(a.top(), b.top());
        return w > 0 && h > 0 && w * h >= 0.6 * a.area();
    }
}
