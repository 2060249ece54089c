package facerec.recognize;

import facerec.draw.Annotator;
import facerec.report.FaceRecord;
import facerec.store.Matcher;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What the run's video shows of a frame's faces, painted on the frame just before it is
 * written: by default each face's box and name ({@link #boxes}); a redacted video masks them
 * instead. The sinks after the video (a caller's, the page's thumbnails) see the painted frame,
 * so nothing downstream of a mask sees what it hides.
 */
public interface Painter {
    /** Before the first frame: the video's size and frame rate. */
    default void start(int width, int height, double fps) {}

    /**
     * Whether the video hides faces (a redaction): the report says so, so that a relabel does
     * not write out in words the names that the video masked.
     */
    default boolean masks() {
        return false;
    }

    /** Paints frame {@code index} in place; {@code faces} are its faces as shown. */
    void paint(int index, Mat bgr, List<FaceRecord> faces);

    /** Each face boxed and labelled in its person's colour, with its distance when asked. */
    static Painter boxes(boolean showDistance) {
        return (index, bgr, faces) -> {
            for (FaceRecord f : faces) {
                Annotator.draw(bgr, f.box(), Annotator.label(f.name(), f.distance(), showDistance),
                        Annotator.colour(f.name(), Matcher.UNKNOWN.equals(f.name())));
            }
        };
    }
}
