package facerec.recognize;

import facerec.FacerecException;
import facerec.video.VideoReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The writer thread: the chunks in decode order, whichever worker finished first; their faces
 * placed on tracks ({@link TrackBook}), held for the look-ahead so that names settle
 * ({@link LookAhead}), then named and handed to the outputs. After a failure it only drains and
 * frees. Whatever it throws, even an Error, ends as the run's failure, never as a silent thread
 * death.
 */
final class InOrderWriter {
    private final Outputs outputs;
    private final TrackBook tracks;
    private final LookAhead lookAhead;
    private final AtomicReference<RuntimeException> failure;
    private final int limit;

    /** @param limit the first frame not shown: frames past a range's end were read only for the votes */
    InOrderWriter(Outputs outputs, TrackBook tracks, LookAhead lookAhead, AtomicReference<RuntimeException> failure,
            int limit) {
        this.outputs = outputs;
        this.tracks = tracks;
        this.lookAhead = lookAhead;
        this.failure = failure;
        this.limit = limit;
    }

    /** Takes chunks until {@link Pipeline#END}, a failure or an interrupt. */
    void run(BlockingQueue<Pipeline.Chunk> inFlight) {
        LookAhead.Sink show = held -> {
            if (held.index() < limit) {
                show(held);
            }
        };
        try {
            while (true) {
                Pipeline.Chunk chunk;
                try {
                    chunk = inFlight.take();
                } catch (InterruptedException e) {
                    failure.compareAndSet(null, new FacerecException("interrupted"));
                    return;
                }
                if (chunk == Pipeline.END) {
                    if (failure.get() == null) {
                        lookAhead.release(show, true);
                    }
                    return;
                }
                if (!take(chunk, show)) {
                    return;
                }
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, Pipeline.asFailure(e));
        } finally {
            lookAhead.close();
        }
    }

    /** One chunk: held and shown as far as the look-ahead allows, or freed; false when interrupted. */
    private boolean take(Pipeline.Chunk chunk, LookAhead.Sink show) {
        boolean held = false;
        try {
            List<List<Observation>> faces = chunk.faces().get();
            if (failure.get() == null) {
                hold(chunk, faces);
                held = true;
                lookAhead.release(show, false);
            }
        } catch (ExecutionException e) {
            failure.compareAndSet(null, Pipeline.asFailure(e.getCause()));
        } catch (InterruptedException e) {
            failure.compareAndSet(null, new FacerecException("interrupted"));
            return false;
        } finally {
            if (!held) {
                chunk.items().forEach(VideoReader.Item::free);
            }
        }
        return true;
    }

    /** Places a chunk's faces on tracks, then hands its items to the look-ahead, which frees them. */
    private void hold(Pipeline.Chunk chunk, List<List<Observation>> faces) {
        tracks.startChunk();
        List<List<TrackBook.Placed>> placed = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            placed.add(tracks.place(chunk.firstFrame() + i, faces.get(i)));
        }
        int picture = 0;
        for (VideoReader.Item item : chunk.items()) {
            boolean isPicture = item instanceof VideoReader.Picture;
            lookAhead.add(new LookAhead.Held(item, chunk.firstFrame() + picture, isPicture ? placed.get(picture) : null));
            picture += isPicture ? 1 : 0;
        }
    }

    private void show(LookAhead.Held held) {
        if (held.item() instanceof VideoReader.Audio a) {
            outputs.audio(a.samples());
        } else {
            VideoReader.Picture p = (VideoReader.Picture) held.item();
            outputs.accept(held.index(), p, tracks.show(held.faces(), p.timeMs()));
        }
    }
}
