package facerec.recognize;

import facerec.face.Box;
import facerec.face.FaceCrop;
import facerec.store.Matcher;

/**
 * One face in one frame as a worker saw it: which of the chunk's tracks it belongs to, its
 * box in full-frame pixels, and, on frames where it was detected, its embedding and its match,
 * and its crop when the run keeps faces to show ({@code --unknowns}, {@code --html}).
 */
record Observation(int localTrack, Box box, Matcher.Match match, double[] embedding, FaceCrop crop) {
    Observation(int localTrack, Box box, Matcher.Match match, double[] embedding) {
        this(localTrack, box, match, embedding, null);
    }

    boolean detected() {
        return embedding != null;
    }
}
