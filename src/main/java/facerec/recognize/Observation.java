package facerec.recognize;

import facerec.face.Box;
import facerec.store.Matcher;

/**
 * One face in one frame as a worker saw it: which of the chunk's tracks it belongs to, its
 * box in full-frame pixels, and, on frames where it was detected and embedded, its match.
 */
record Observation(int localTrack, Box box, Matcher.Match match) {
    boolean detected() {
        return match != null;
    }
}
