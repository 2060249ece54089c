package facerec.recognize;

/**
 * Which frames of a chunk {@link ChunkWorker} detects, and which it only tracks: the chunk's
 * first frame, every cut, and, while fewer faces are followed than the chunk has had since its
 * last new shot (none at all, or one lost behind another), every {@link #SEARCH_EVERY}th frame,
 * or every frame after a cut until a face is found. A face that comes into the picture is then
 * found at most a frame late, not at the next chunk. (A tracker that is unsure of its face asks
 * for a detection too: {@link ChunkWorker#unsure}.) Pure: one per chunk, told each frame's
 * detection as it is made.
 */
final class KeyframePolicy {
    /**
     * While a face is missing, detect on every this many frames: at half the cost of detecting
     * frame by frame, a face is found at most one frame late.
     */
    static final int SEARCH_EVERY = 2;

    private final boolean[] cuts;
    private int detected;
    private boolean afterCut;
    /** The most faces seen at once since the chunk's start or its last cut: fewer are missing. */
    private int wanted = 1;

    /** @param cuts which frames of the chunk start a new shot */
    KeyframePolicy(boolean[] cuts) {
        this.cuts = cuts;
    }

    /** Whether frame {@code i} is detected, with {@code followed} faces tracked into it; asked once per frame, in order. */
    boolean detect(int i, int followed) {
        afterCut |= cuts[i];
        return i == 0 || cuts[i] || followed < wanted && (afterCut || i - detected >= SEARCH_EVERY);
    }

    /** Frame {@code i} was detected and showed {@code faces} faces. */
    void detected(int i, int faces) {
        detected = i;
        afterCut &= faces == 0;
        wanted = Math.max(i == 0 || cuts[i] ? 1 : wanted, faces);
    }
}
