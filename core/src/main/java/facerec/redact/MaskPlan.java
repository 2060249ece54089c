package facerec.redact;

import facerec.face.Box;
import facerec.report.FaceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which regions of each frame are masked: the decision, apart from the pixels. It fails safe:
 * <ul>
 * <li>every face shown under a name that {@link Redaction#shows} does not allow is masked;</li>
 * <li>a masked track that is not on a frame (its tracker lost the face, or the frame's
 *     detection failed) stays masked for {@code hold} frames where its face would have moved
 *     to, the mask growing with that motion, until a cut ends the shot;</li>
 * <li>a track that starts within {@code lead} frames is masked at its first box already, so a
 *     face entering is covered before the detector first sees it, unless a face that is shown
 *     bare is there (the same person, whose track broke and began again).</li>
 * </ul>
 * Frames come in order; {@link #started} comes before the frames just before the track's first.
 */
public final class MaskPlan {
    private record Seen(int frame, Box box, double dx, double dy, boolean masked) {}

    private record Start(int track, int frame, Box box) {}

    private final Redaction policy;
    private final int hold;
    private final int lead;
    private final Map<Integer, Seen> seen = new HashMap<>();
    private final List<Start> starts = new ArrayList<>();

    public MaskPlan(Redaction policy, int hold, int lead) {
        this.policy = policy;
        this.hold = hold;
        this.lead = lead;
    }

    /** A track begins on {@code frame} at {@code box}, told before that frame is shown. */
    public void started(int track, int frame, Box box) {
        starts.add(new Start(track, frame, box));
    }

    /** The regions to mask on frame {@code index}, margins included; {@code cut} when a new shot begins on it. */
    public List<Box> masks(int index, List<FaceRecord> faces, boolean cut) {
        List<Box> masks = new ArrayList<>();
        List<Box> bare = new ArrayList<>();
        Set<Integer> here = new HashSet<>();
        for (FaceRecord f : faces) {
            boolean masked = !policy.shows(f.name());
            if (masked) {
                masks.add(grow(f.box(), 0));
            } else {
                bare.add(f.box());
            }
            if (f.track() != null) {
                here.add(f.track());
                seen.put(f.track(), next(seen.get(f.track()), index, f.box(), masked));
            }
        }
        for (Iterator<Map.Entry<Integer, Seen>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Seen> e = it.next();
            Seen s = e.getValue();
            int gap = index - s.frame();
            if (here.contains(e.getKey())) {
                continue;
            }
            if (cut || gap > hold) {
                it.remove();
            } else if (s.masked()) {
                masks.add(moved(s, gap));
            }
        }
        starts.removeIf(s -> s.frame() <= index);
        for (Start s : starts) {
            if (s.frame() - index <= lead && bare.stream().noneMatch(b -> b.iou(s.box()) > 0)) {
                masks.add(grow(s.box(), 0));
            }
        }
        return masks;
    }

    /** A track's state after it was seen on {@code index}: its motion per frame since it was last seen. */
    private static Seen next(Seen before, int index, Box box, boolean masked) {
        if (before == null || index <= before.frame()) {
            return new Seen(index, box, 0, 0, masked);
        }
        int frames = index - before.frame();
        double dx = ((box.left() + box.right()) - (before.box().left() + before.box().right())) / 2.0 / frames;
        double dy = ((box.top() + box.bottom()) - (before.box().top() + before.box().bottom())) / 2.0 / frames;
        return new Seen(index, box, dx, dy, masked);
    }

    /** Where a lost face would be {@code gap} frames on: its box moved on, and grown by as much as it moved. */
    private Box moved(Seen s, int gap) {
        int x = (int) Math.round(s.dx() * gap);
        int y = (int) Math.round(s.dy() * gap);
        Box b = s.box();
        return grow(new Box(b.top() + y, b.right() + x, b.bottom() + y, b.left() + x), Math.abs(x) + Math.abs(y));
    }

    /** A box with the policy's margin on each side, and {@code more} pixels besides. */
    private Box grow(Box b, int more) {
        int mx = (int) Math.ceil(b.width() * policy.margin()) + more;
        int my = (int) Math.ceil(b.height() * policy.margin()) + more;
        return new Box(b.top() - my, b.right() + mx, b.bottom() + my, b.left() - mx);
    }
}
