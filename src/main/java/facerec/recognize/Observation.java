package facerec.recognize;

import facerec.face.Box;
import facerec.store.Matcher;

/**
 * One face in one frame as a worker saw it: which of the chunk's tracks it belongs to, its
 * box in full-frame pixels, and, on frames where it was detected, its embedding and its match.
 */
record Observation(int localTrack, Box box, Matcher.Match match, double[] embedding) {
    boolean detected() {
        return embedding != null;
    }
}
