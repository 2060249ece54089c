package facerec.recognize;

import facerec.video.VideoReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Frames held back after their faces were placed on tracks and before they are shown, so that
 * a face shows the name its track settles on over the next second rather than its first guess.
 * Holds audio in its place between the frames. Owns what it holds: each item is freed exactly
 * once, after it was shown or when the look-ahead is closed.
 */
final class LookAhead implements AutoCloseable {
    /** An item of the input, and for a frame, its index and its faces on their tracks. */
    record Held(VideoReader.Item item, int index, List<TrackBook.Placed> faces) {}

    interface Sink {
        void show(Held held);
    }

    private final Deque<Held> held = new ArrayDeque<>();
    private final int frames;
    private int pictures;

    /** @param frames how many frames to hold at most */
    LookAhead(int frames) {
        this.frames = frames;
    }

    void add(Held h) {
        held.addLast(h);
        if (h.item() instanceof VideoReader.Picture) {
            pictures++;
        }
    }

    /** Shows the oldest items until no more than the look-ahead is held, or, with {@code all}, everything. */
    void release(Sink sink, boolean all) {
        while (!held.isEmpty() && (all || pictures > frames)) {
            Held h = held.removeFirst();
            if (h.item() instanceof VideoReader.Picture) {
                pictures--;
            }
            try {
                sink.show(h);
            } finally {
                h.item().free();
            }
        }
    }

    /** Frees what was never shown. */
    @Override
    public void close() {
        held.forEach(h -> h.item().free());
        held.clear();
        pictures = 0;
    }
}
