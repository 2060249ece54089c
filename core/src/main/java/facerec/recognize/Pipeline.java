package facerec.recognize;

import facerec.FacerecException;
import facerec.video.ReaderThread;
import facerec.video.VideoReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decoding and the bounded queues between the threads of a run: this thread decodes the video
 * and cuts it into chunks, a pool of workers finds the faces of each chunk, and the writer
 * ({@link InOrderWriter}) takes the chunks back in decode order. At most {@code chunks} chunks
 * wait for the writer, so that memory does not grow with the video's length; whatever ends
 * the run (the input's end, a stop, a failure on any thread), every thread has left and every
 * frame is freed when {@link #run} returns.
 */
final class Pipeline {
    /**
     * A chunk of decoded items (frames and audio, in order) and its faces, once a worker is done.
     * The items are the writer's to free, whether the worker succeeded or not.
     */
    record Chunk(int firstFrame, List<VideoReader.Item> items, Future<List<List<Observation>>> faces) {}

    /** After the last chunk. */
    static final Chunk END = new Chunk(0, List.of(), CompletableFuture.completedFuture(List.of()));

    /** A worker's job on one chunk (see {@link HuntingWorker#process}). */
    interface Work {
        List<List<Observation>> process(long keyframe, List<Mat> pictures, Mat before,
                Future<HuntingWorker.Carry> previous, CompletableFuture<HuntingWorker.Carry> next) throws InterruptedException;
    }

    /** How the decoding ended: at a read error (the input is broken there), at a stop, or neither (its end). */
    record Ended(String readError, boolean stopped) {}

    private final ReaderThread read;
    private final int chunkFrames;
    private final int chunks;
    private final long stopAt;
    private final int threads;
    /** Whether the chunks are hunted (CenterFace), which wants the thumbnail of the frame before each. */
    private final boolean thumbnails;
    /** What each chunk hands the next, in decode order; the pool takes chunks in that order too. */
    private CompletableFuture<HuntingWorker.Carry> last;
    private Mat lastThumbnail;
    private String readError;
    private boolean stopped;

    /**
     * @param chunkFrames frames per chunk ({@link Recognizer#chunkFrames})
     * @param chunks      chunks decoded and not yet taken by the writer, at most (one more is being read)
     * @param stopAt      the frame to stop reading at (a range's, read on past its end for the votes)
     */
    Pipeline(ReaderThread read, int chunkFrames, int chunks, long stopAt, int threads, boolean thumbnails) {
        this.read = read;
        this.chunkFrames = chunkFrames;
        this.chunks = chunks;
        this.stopAt = stopAt;
        this.threads = threads;
        this.thumbnails = thumbnails;
    }

    /**
     * Reads the input to its end, a read error, a stop request or the first failure (in
     * {@code failure}, shared with the writer), with each worker thread's job from {@code worker}.
     */
    Ended run(ThreadLocal<Work> worker, InOrderWriter writer, AtomicReference<RuntimeException> failure,
            BooleanSupplier stopRequested) {
        BlockingQueue<Chunk> inFlight = new ArrayBlockingQueue<>(chunks);
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        Thread consumer = new Thread(() -> writer.run(inFlight), "facerec-writer");
        consumer.start();
        try {
            decode(inFlight, consumer, workers, worker, failure, stopRequested);
            put(inFlight, consumer, END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
            failure.compareAndSet(null, new FacerecException("interrupted"));
            consumer.interrupt();
        } catch (RuntimeException | Error e) {
            // Out of memory while decoding, say: the writer waits for chunks that will never
            // come, so it is told to stop rather than joined forever.
            failure.compareAndSet(null, asFailure(e));
            consumer.interrupt();
        } finally {
            // The writer may still use the sinks and the look-ahead: it ends before they are closed.
            joinUninterruptibly(consumer);
            workers.shutdownNow();
            awaitUninterruptibly(workers);
            if (lastThumbnail != null) {
                lastThumbnail.close();
            }
            inFlight.forEach(c -> c.items().forEach(VideoReader.Item::free));
            inFlight.clear();
        }
        return new Ended(readError, stopped);
    }

    /** Chunks to the workers and the writer, until the input's end, a read error, a stop or a failure. */
    private void decode(BlockingQueue<Chunk> inFlight, Thread consumer, ExecutorService workers,
            ThreadLocal<Work> worker, AtomicReference<RuntimeException> failure, BooleanSupplier stopRequested)
            throws InterruptedException {
        List<VideoReader.Item> items = new ArrayList<>();
        int pictures = 0;
        while (failure.get() == null && read.framesRead() < stopAt) {
            if (stopRequested.getAsBoolean()) {
                stopped = true;
                break;
            }
            VideoReader.Item item;
            try {
                item = read.next(stopRequested);
            } catch (ReaderThread.Stopped e) {
                stopped = true;
                break;
            } catch (FacerecException e) {
                readError = e.getMessage();
                break;
            }
            if (item == null) {
                break;
            }
            items.add(item);
            if (item instanceof VideoReader.Picture && ++pictures == chunkFrames) {
                submit(inFlight, consumer, workers, worker, read.framesRead() - pictures, items);
                items = new ArrayList<>();
                pictures = 0;
            }
        }
        if (!items.isEmpty()) {
            submit(inFlight, consumer, workers, worker, read.framesRead() - pictures, items);
        }
    }

    private void submit(BlockingQueue<Chunk> inFlight, Thread consumer, ExecutorService workers,
            ThreadLocal<Work> worker, int firstFrame, List<VideoReader.Item> items) throws InterruptedException {
        List<Mat> pictures = items.stream().filter(i -> i instanceof VideoReader.Picture)
                .map(i -> ((VideoReader.Picture) i).bgr()).toList();
        Future<HuntingWorker.Carry> previous = last;
        CompletableFuture<HuntingWorker.Carry> next = new CompletableFuture<>();
        last = next;
        // Made here, while the frame is surely alive: the next chunk's worker compares its first frame with it.
        Mat before = lastThumbnail;
        lastThumbnail = thumbnails && !pictures.isEmpty() ? Cuts.frameThumbnail(pictures.get(pictures.size() - 1)) : null;
        long keyframe = firstFrame / chunkFrames;
        Chunk chunk = new Chunk(firstFrame, items,
                workers.submit(() -> worker.get().process(keyframe, pictures, before, previous, next)));
        if (!put(inFlight, consumer, chunk)) {
            // Nobody will take it: wait for its worker, then free it here.
            try {
                chunk.faces().get();
            } catch (ExecutionException | java.util.concurrent.CancellationException ignored) {
                // The writer has already failed; this chunk's own failure adds nothing.
            }
            items.forEach(VideoReader.Item::free);
        }
    }

    /** Hands a chunk to the writer; false when the writer has ended (it failed) and never will take it. */
    private static boolean put(BlockingQueue<Chunk> inFlight, Thread consumer, Chunk chunk) throws InterruptedException {
        while (!inFlight.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
            if (!consumer.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** A failure of any thread as the run's: an Error too, never a silent thread death. */
    static RuntimeException asFailure(Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        String what = e instanceof OutOfMemoryError ? "out of memory (" + e.getMessage() + ")" : String.valueOf(e);
        return new FacerecException("internal error: " + what, e);
    }

    private static void joinUninterruptibly(Thread thread) {
        uninterruptibly(() -> {
            while (thread.isAlive()) {
                thread.join();
            }
        });
    }

    /**
     * Waits until every worker has left its chunk, however the caller is interrupted: a worker
     * inside dlib cannot be stopped, and its frames and models must outlive it (Spark interrupts
     * a task's thread when it kills a speculative attempt). A chunk takes seconds at most.
     */
    private static void awaitUninterruptibly(ExecutorService pool) {
        uninterruptibly(() -> {
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                // The timeout only bounds one wait; the workers are still to be waited for.
            }
        });
    }

    /** Something to wait for that an interrupt would cut short. */
    private interface Wait {
        void run() throws InterruptedException;
    }

    /** Waits to the end whatever interrupts come, and keeps the interrupt for the caller. */
    private static void uninterruptibly(Wait wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
