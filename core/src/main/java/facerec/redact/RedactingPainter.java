package facerec.redact;

import facerec.face.Box;
import facerec.face.FaceCrop;
import facerec.recognize.Cuts;
import facerec.recognize.Painter;
import facerec.recognize.TrackListener;
import facerec.report.FaceRecord;
import facerec.store.Matcher;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The redacted video of one run: a painter of the run's video, and a listener of its tracks
 * so that a mask can begin before a face's first detection. One per input: it remembers the
 * tracks of its video. Labels (boxes and names) are drawn over the masks only when asked: a
 * redacted video usually shows none, and a masked face's label reads {@link #MASKED}.
 */
public final class RedactingPainter implements Painter, TrackListener {
    /**
     * How long a lost face stays masked where it was going: on the real-clip evaluation, of 12
     * tracks that broke and began again at the same place, 10 did so on the next frame, one
     * 8 frames later and one 16 (0.64 s at 25 fps, a 4K wide shot) (README, "Redaction").
     */
    public static final double HOLD_SECONDS = 0.7;
    /** How long before its first detection a face entering is masked already: within the run's look-ahead of a second. */
    public static final double LEAD_SECONDS = 0.5;
    /** What a masked face's label says, with {@code --labels}. */
    public static final String MASKED = "masked";

    private final Redaction policy;
    private final Painter labels;
    private MaskPlan plan;
    /** The last frame's thumbnail, as bytes: a painter has no end at which to free native memory. */
    private byte[] previous;

    /** @param labels boxes and names drawn over the masks, or null for none */
    public RedactingPainter(Redaction policy, Painter labels) {
        this.policy = policy;
        this.labels = labels;
        this.plan = plan(policy, 25);
    }

    @Override
    public void start(int width, int height, double fps) {
        plan = plan(policy, fps);
    }

    /** The plan at {@code fps} frames a second (25 where the video does not say). */
    private static MaskPlan plan(Redaction policy, double fps) {
        double rate = fps > 0 ? fps : 25;
        return new MaskPlan(policy, (int) Math.max(1, Math.round(HOLD_SECONDS * rate)),
                (int) Math.max(1, Math.round(LEAD_SECONDS * rate)));
    }

    @Override
    public void started(int track, int frame, Box box) {
        plan.started(track, frame, box);
    }

    @Override
    public void detected(int track, int frame, Matcher.Match match, double[] embedding, FaceCrop crop) {}

    @Override
    public boolean masks() {
        return true;
    }

    @Override
    public void paint(int index, Mat bgr, List<FaceRecord> faces) {
        List<Box> masks = plan.masks(index, faces, cut(bgr));
        Masks.paint(bgr, masks, policy.style(), policy.shape());
        if (labels != null) {
            // A masked face's label names nobody: the name would say what the mask hides.
            labels.paint(index, bgr, faces.stream().map(f -> policy.shows(f.name()) ? f
                    : new FaceRecord(MASKED, f.distance(), f.votes(), f.box(), f.track())).toList());
        }
    }

    /** Whether this frame begins a new shot: a change from the last frame that is a cut whatever its neighbours do. */
    private boolean cut(Mat bgr) {
        byte[] thumb;
        try (Mat hsv = Cuts.frameThumbnail(bgr)) {
            thumb = Cuts.bytes(hsv);
        }
        boolean cut = previous != null && previous.length == thumb.length && Cuts.score(previous, thumb) >= Cuts.HARD;
        previous = thumb;
        return cut;
    }
}
