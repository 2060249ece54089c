package facerec.recognize;

import facerec.face.Box;
import facerec.face.FaceCrop;
import facerec.store.Matcher;

/**
 * What a run learns about each track as it goes: where it starts, each face detected on it
 * with its embedding, and the name it ends with. Called on the writer thread, in frame order,
 * as faces are placed on tracks, which is a look-ahead before they are shown; a run over a
 * range of the video also places the frames it reads past its end for the votes. A new
 * output that needs faces rather than frames (the page's crops, the unknown people's
 * clustering, an export of embeddings) is one listener; the tracks' final records come with
 * {@link Sink#finish}.
 */
public interface TrackListener {
    /**
     * A new track begins on {@code frame} with its first box (frame pixels): a look-ahead
     * before that frame and the ones just before it are shown.
     */
    default void started(int track, int frame, Box box) {}

    /**
     * A face was detected and embedded on {@code track}: its match to the store and, when the
     * run keeps faces to show ({@link Recognizer.Options#people}), its crop (else null). The
     * embedding is the listener's to keep; it must not change it.
     */
    void detected(int track, int frame, Matcher.Match match, double[] embedding, FaceCrop crop);

    /** The track was not seen on the frame after its last, named {@code name} by then. */
    default void ended(int track, String name) {}
}
