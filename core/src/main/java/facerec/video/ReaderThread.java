package facerec.video;

import facerec.FacerecException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * An input opened and read on a thread of its own, so that its caller can stop waiting for it.
 * A network input that stalls blocks FFmpeg inside a read until its timeout ({@link
 * VideoReader#VideoReader(String, boolean, int)}), and nothing can interrupt that read from
 * another thread: JavaCV's grabber sets no interrupt callback. On a stop request the caller
 * gives up on the read at once, and the reader is closed by this thread when the read returns.
 */
public final class ReaderThread implements AutoCloseable {
    /** How often a waiting caller looks at its stop request. */
    static final long POLL_MS = 50;

    /** A stop request came while the input was being opened or read. */
    public static final class Stopped extends Exception {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "facerec-reader");
        t.setDaemon(true);
        return t;
    });
    private VideoReader reader;
    /** The read that a stop request abandoned, still running. */
    private Future<?> abandoned;
    /** Frames handed to the caller: the reader's own count runs on while a read is abandoned. */
    private int framesRead = -1;

    private ReaderThread() {}

    /** Opens an input on a thread of its own, as {@code open} does, unless a stop request comes first. */
    public static ReaderThread open(Callable<VideoReader> open, BooleanSupplier stop) throws Stopped {
        ReaderThread r = new ReaderThread();
        try {
            r.reader = r.await(r.thread.submit(open), stop, true);
        } catch (Stopped | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    /** The reader, for what it knows of the input; read it through {@link #next}. */
    public VideoReader reader() {
        return reader;
    }

    /** {@link VideoReader#next()}, unless a stop request comes while it waits. */
    public VideoReader.Item next(BooleanSupplier stop) throws Stopped {
        if (framesRead < 0) {
            // Where the reader stands (a range's start, after a seek); it is idle until now.
            framesRead = reader.framesRead();
        }
        VideoReader.Item item = await(thread.submit(reader::next), stop, false);
        if (item instanceof VideoReader.Picture) {
            framesRead++;
        }
        return item;
    }

    /** {@link VideoReader#framesRead()}, counting only the frames that {@link #next} returned. */
    public int framesRead() {
        return framesRead < 0 ? reader.framesRead() : framesRead;
    }

    private <T> T await(Future<T> result, BooleanSupplier stop, boolean opening) throws Stopped {
        while (true) {
            if (stop.getAsBoolean() && !result.isDone()) {
                throw abandon(result, opening);
            }
            try {
                return result.get(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // Look at the stop request again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw abandon(result, opening);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new FacerecException(e.getCause().toString(), e.getCause());
            }
        }
    }

    /**
     * Gives up on a read or an opening that is still running: what the read returns is freed by
     * {@link #close}, and what the opening opened is closed, both on the reader's thread, after
     * them, whenever FFmpeg lets them return.
     */
    private Stopped abandon(Future<?> result, boolean opening) {
        if (opening) {
            thread.execute(() -> closeQuietly(result));
        } else {
            abandoned = result;
        }
        return new Stopped();
    }

    private static void closeQuietly(Future<?> opened) {
        try {
            if (opened.get() instanceof VideoReader r) {
                r.close();
            }
        } catch (InterruptedException | ExecutionException ignored) {
            // Nothing was opened.
        }
    }

    /**
     * Closes the reader now, or, while an abandoned read is still blocked, on the reader's
     * thread once it returns; never while FFmpeg is inside it.
     */
    @Override
    public void close() {
        VideoReader r = reader;
        reader = null;
        Future<?> pending = abandoned;
        if (r != null) {
            if (pending == null || pending.isDone()) {
                free(pending);
                r.close();
            } else {
                thread.execute(() -> {
                    free(pending);
                    r.close();
                });
            }
        }
        thread.shutdown();
    }

    private static void free(Future<?> read) {
        if (read == null) {
            return;
        }
        try {
            if (read.get() instanceof VideoReader.Item item) {
                item.free();
            }
        } catch (InterruptedException | ExecutionException ignored) {
            // The read failed: it returned nothing to free.
        }
    }
}
