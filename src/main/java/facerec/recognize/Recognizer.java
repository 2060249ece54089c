package facerec.recognize;


import facerec.FacerecException;
import facerec.dlib.Dlib;
import facerec.face.CenterFace;
import facerec.face.FaceAnalyzer;
import facerec.face.FaceSettings;
import facerec.face.FaceTracker;
import facerec.face.Models;
import facerec.people.SegmentFrames;
import facerec.people.TrackFaces;
import facerec.report.ReportWriter;
import facerec.report.Timeline;
import facerec.store.Gallery;
import facerec.store.Matcher;
import facerec.video.ReaderThread;
import facerec.video.VideoReader;
import facerec.video.VideoWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Names every face in a video: the library behind {@code facerec recognize}.
 *
 * <p>The pipeline: this thread decodes and cuts the video into chunks of {@code detectEvery}
 * frames; {@code threads} workers, each with its own native models, detect and embed the
 * faces on a chunk's first frame and track them through the rest ({@link ChunkWorker}); one
 * writer thread takes the chunks back in order, links their faces into tracks of one person
 * each, named by the vote of their embeddings ({@link TrackBook}), holds a second of frames so
 * that names settle before they are shown ({@link LookAhead}), draws, and writes video and
 * report. At most {@code threads + 2} chunks and the look-ahead are in flight, so memory does
 * not grow with the video's length.
 * With {@code detectEvery} 1 every frame is detected and each face named by its own embedding.
 */
public final class Recognizer implements AutoCloseable {
    /**
     * @param width      hog and cnn: frames are downscaled to this width for detection (never upscaled)
     * @param minFace    centerface (else 0): the smallest face to find, in the video's pixels
     * @param tolerance  the largest distance at which a stored embedding votes
     * @param gapSeconds appearances closer than this join one segment
     * @param people     keep what the people outputs need ({@code --unknowns}, {@code --html}): each
     *                   track's best crops and the first frame of each segment, in {@link Result}
     * @param timeout    seconds that a network input may keep a connection or a read waiting (0: forever)
     */
    public record Options(FaceSettings.Method method, int upsample, int width, int minFace, double tolerance,
            boolean showDistance, double gapSeconds, int threads, int detectEvery, FaceTracker.Kind tracker,
            boolean people, int timeout) implements java.io.Serializable {
        /** face_recognition's tutorial detects on frames 400 pixels wide. */
        public static final int WIDTH = 400;

        /**
         * CenterFace's default {@code --min-face}: the faces of people in the second row of a
         * meeting or on a stage in a wide shot are 20 to 60 pixels at 360p to 1080p.
         */
        public static final int MIN_FACE = 20;

        /**
         * The width of the frames that faces are detected and tracked on: {@code width} for dlib's
         * detectors; for CenterFace, the scale at which a face of {@code minFace} pixels is
         * {@link CenterFace#SMALLEST_FACE} wide, never above the video's own size nor
         * {@link CenterFace#MAX_SIDE} on a side. A 4K frame is then detected at 2048 by 1152,
         * where its faces of 30 pixels are found; a 360p one at full size.
         */
        public int detectionWidth(int videoWidth, int videoHeight) {
            if (method != FaceSettings.Method.CENTERFACE) {
                return Math.min(width, videoWidth);
            }
            double scale = Math.min(1, Math.min(CenterFace.SMALLEST_FACE / (double) minFace,
                    CenterFace.MAX_SIDE / (double) Math.max(videoWidth, videoHeight)));
            return Math.max(1, (int) Math.round(videoWidth * scale));
        }

        /**
         * Detect on every 8th frame and track between. Measured on the demo clip: 8 names 99.1%
         * of faces as detecting on every frame does, at under twice the cost of decoding and
         * re-encoding; 10 is 8% faster but 98.8% (scripts/bench-recognize.sh, README).
         */
        public static final int DETECT_EVERY = 8;
    }

    /**
     * A part of a video, frames {@code start} (a multiple of {@link #chunkFrames}, so that its
     * keyframes are the whole video's) to {@code end}, excluded. A run over it reads on past the
     * end by the look-ahead and a chunk, so that names are voted as over the whole video, and
     * shows and records only its own frames.
     */
    public record Range(int start, int end) implements java.io.Serializable {}

    /**
     * How a run ended: frames decoded, whether the input was read to its end, who appears; with
     * {@link Options#people}, each track's faces (a named track's crops are pooled in
     * {@code namedCrops}, per name) and the segments' first frames (else empty and null).
     */
    public record Result(String input, Path output, Path report, int frames, boolean complete,
            List<Timeline.Person> people, List<TrackRecord> tracks, double seconds, String error,
            List<TrackFaces> faces, Map<String, List<TrackFaces.Crop>> namedCrops, SegmentFrames shots,
            List<TrackEdge> opening, List<TrackEdge> ending) {}

    private final Models models;
    private final FaceSettings settings;
    private final Matcher matcher;
    private final Options options;
    /**
     * Models loaded by earlier runs, idle: a batch, or a Spark executor running many inputs,
     * loads each worker's models once, not once per input. One run's workers take them, and
     * give them back when the run ends; never two threads at once.
     */
    private final Queue<FaceAnalyzer> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /** Checks that the store was made by the encoder in {@code models}: embeddings of two models never compare. */
    public Recognizer(Models models, Gallery store, Path storePath, Options options) {
        String sha = models.encoderSha256();
        if (!sha.equals(store.model().encoderSha256()) || !Models.ENCODER_NAME.equals(store.model().encoder())) {
            throw new FacerecException(storePath + " was made by another encoder (" + store.model().encoder() + " "
                    + store.model().encoderSha256() + "), not by " + models.file(Models.ENCODER) + ": run encode again");
        }
        if (store.faces() == 0) {
            throw new FacerecException(storePath + " has no faces: nobody to recognize");
        }
        this.models = models;
        // Align as the store's faces were aligned; jitter is for enrolment only.
        this.settings = new FaceSettings(options.method(), options.upsample(), store.model().landmarks(), 1);
        this.matcher = store.matcher();
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Progress of one input, called on the writer thread. */
    public interface Progress {
        /** Once the input is open, with the container's frame count (0 when unknown). */
        default void started(int estimatedFrames) {}

        /** After each frame is written. */
        void frame(int index);

        /** Something the user should know that is not an error, in one line. */
        default void note(String message) {}
    }

    /**
     * A chunk of decoded items (frames and audio, in order) and its faces, once a worker is done.
     * The items are the writer's to free, whether the worker succeeded or not.
     */
    private record Chunk(int firstFrame, List<VideoReader.Item> items, Future<List<List<Observation>>> faces) {}

    private static final Chunk END = new Chunk(0, List.of(), CompletableFuture.completedFuture(List.of()));

    /** How long frames are held so that tracks settle their names before they are shown. */
    static final double LOOK_AHEAD_SECONDS = 1;
    /** ...within this many bytes of frames (a second of 4K would be 600 MB). */
    static final long LOOK_AHEAD_BYTES = 256L << 20;
    /**
     * Decoded frames waiting for a worker, being worked on, or being read into a chunk: at most
     * this many bytes, whatever the frame size (one chunk of 8 frames is 22 MB at 720p, 200 MB
     * at 4K). With the look-ahead, frames never hold more than 768 MB.
     */
    static final long IN_FLIGHT_BYTES = 512L << 20;
    /**
     * The largest frame read: 120 MB decoded, so that a chunk, the look-ahead and the frames
     * being drawn fit in their bounds (a 16000x16000 frame, 768 MB, ran out of memory).
     */
    static final long MAX_FRAME_PIXELS = 40_000_000L;

    /** What frames may hold, and a margin for models, libraries and decoders: JavaCPP's limit on the process. */
    public static final long NATIVE_BYTES = LOOK_AHEAD_BYTES + IN_FLIGHT_BYTES + (1536L << 20);

    /**
     * Recognizes one input. Outputs ({@code output}, {@code report}, either may be null) are
     * committed when the input was read, to its end or as far as it could be: a broken input or
     * a stop request gives a playable video and a report with {@code complete: false}, and the
     * error in the result. When the work itself fails (a model, a worker, an output), the failed
     * outputs are dropped and the files they would replace stay as they were. The models are
     * loaded before any output is opened.
     */
    public Result recognize(String input, Path output, Path report, Progress progress, BooleanSupplier stopRequested) {
        return recognize(input, input, output, report, progress, stopRequested, null);
    }

    /**
     * As {@link #recognize(String, Path, Path, Progress, BooleanSupplier)}, over a range of the
     * video only (null: all of it; the video output of a range is its frames alone, without
     * audio, for {@link facerec.video.VideoJoin} to join); the result has the tracks at its edges,
     * which {@code facerec.spark} joins to the next range's. {@code input} is read, and called
     * {@code name} in the report and the result (a local copy of a file on HDFS, say).
     */
    public Result recognize(String input, String name, Path output, Path report, Progress progress,
            BooleanSupplier stopRequested, Range range) {
        long start = System.nanoTime();
        // One worker is one core: OpenBLAS's and OpenCV's own thread pools inside the workers
        // would fight for the cores, and OpenBLAS's idle threads spin in sched_yield (CNN with
        // --threads 1 spent 13 s of 45 s in the kernel that way).
        Dlib.setBlasThreads(1);
        // But CenterFace's: a chunk that starts a shot looks at its whole first frame, and the
        // chunk after waits for it (HuntingWorker), so the core that waits lends a hand (at
        // 1080p, 17.5 s instead of 20.3 on 2 cores).
        org.bytedeco.opencv.global.opencv_core.setNumThreads(
                options.method() == FaceSettings.Method.CENTERFACE ? options.threads() : 1);
        List<FaceAnalyzer> analyzers = Collections.synchronizedList(new ArrayList<>());
        ReaderThread opened;
        try {
            opened = ReaderThread.open(() -> new VideoReader(input, output != null && range == null, options.timeout()),
                    stopRequested);
        } catch (ReaderThread.Stopped e) {
            throw new FacerecException(name + ": interrupted while opening it");
        }
        try (ReaderThread read = opened) {
            VideoReader reader = read.reader();
            checkDetectionSize(reader);
            if (range != null) {
                reader.seekTo(range.start());
            }
            // A missing or truncated model fails here, before any output is touched.
            Queue<FaceAnalyzer> ready = new ConcurrentLinkedQueue<>();
            ready.add(analyzer(analyzers));
            Outputs outputs = open(reader, name, output, report, progress);
            Timeline timeline = new Timeline(options.gapSeconds());
            outputs.add(Sink.timeline(timeline));
            outputs.add(Sink.progress(progress));
            // After the video, which has drawn the boxes and names the thumbnails then show.
            SegmentFrames shots = options.people() ? new SegmentFrames(options.gapSeconds()) : null;
            if (shots != null) {
                outputs.add(Sink.shots(shots, 1000 / reader.fps()));
            }
            boolean perFrame = options.detectEvery() == 1;
            int limit = range == null ? Integer.MAX_VALUE : range.end();
            TrackBook tracks = new TrackBook(perFrame, options.tolerance(), limit, options.people());
            LookAhead lookAhead = new LookAhead(perFrame ? 0 : lookAhead(reader));
            progress.started(reader.estimatedFrames());
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            // Bounded in bytes: the reader waits when this many chunks are decoded and not yet
            // taken by the writer (one more is being read).
            long frameBytes = 3L * reader.width() * reader.height();
            int chunkFrames = chunkFrames(reader.width(), reader.height(), options.detectEvery());
            int chunks = (int) Math.max(1, Math.min(options.threads() + 2, IN_FLIGHT_BYTES / 2 / (chunkFrames * frameBytes)));
            // A range reads on, in whole chunks, until its last frame would be shown in the whole
            // video's run: its names are then voted on the same embeddings.
            long stopAt = range == null ? Long.MAX_VALUE
                    : ((long) range.end() + lookAhead(reader) + chunkFrames) / chunkFrames * chunkFrames;
            BlockingQueue<Chunk> inFlight = new ArrayBlockingQueue<>(chunks);
            int detectionWidth = options.detectionWidth(reader.width(), reader.height());
            boolean hunting = options.method() == FaceSettings.Method.CENTERFACE && !perFrame;
            ThreadLocal<Work> worker = ThreadLocal.withInitial(() -> {
                FaceAnalyzer a = ready.poll();
                FaceAnalyzer mine = a != null ? a : analyzer(analyzers);
                if (hunting) {
                    HuntingWorker w = new HuntingWorker(mine, matcher, detectionWidth, options.tracker(), options.people());
                    return (keyframe, pictures, before, previous, next) -> w.process(keyframe, pictures, before, previous, next);
                }
                ChunkWorker w = new ChunkWorker(mine, matcher, detectionWidth, options.tracker(), options.people());
                return (keyframe, pictures, before, previous, next) -> {
                    next.complete(null);
                    return w.process(pictures);
                };
            });
            Chain chain = new Chain(chunkFrames, hunting);
            ExecutorService workers = Executors.newFixedThreadPool(options.threads());
            Thread consumer = new Thread(() -> consume(inFlight, outputs, tracks, lookAhead, failure, limit),
                    "facerec-writer");
            consumer.start();
            String readError = null;
            boolean stopped = false;
            try {
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
                        submit(inFlight, consumer, workers, worker, chain, read.framesRead() - pictures, items);
                        items = new ArrayList<>();
                        pictures = 0;
                    }
                }
                if (!items.isEmpty()) {
                    submit(inFlight, consumer, workers, worker, chain, read.framesRead() - pictures, items);
                }
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
                if (chain.lastThumbnail != null) {
                    chain.lastThumbnail.close();
                }
                inFlight.forEach(c -> c.items().forEach(VideoReader.Item::free));
                inFlight.clear();
            }
            int frames = Math.min(read.framesRead(), limit);
            if (frames == 0 && !stopped) {
                // Nothing to show: an empty video and report must not replace earlier ones.
                failure.compareAndSet(null, new FacerecException(name + ": no frame could be decoded"
                        + (readError != null ? " (" + readError + ")" : "")));
            }
            boolean complete = readError == null && !stopped && failure.get() == null;
            outputs.end(failure.get() == null, () -> new Sink.Summary(complete, timeline.people(), tracks.tracks()));
            if (failure.get() != null) {
                throw failure.get();
            }
            if (outputs.error() != null) {
                throw outputs.error();
            }
            String error = readError != null ? readError : stopped ? "interrupted after frame " + frames : null;
            return new Result(name, output, report, frames, complete, timeline.people(), tracks.tracks(),
                    (System.nanoTime() - start) / 1e9, error, options.people() ? tracks.faces(name) : List.of(),
                    options.people() ? tracks.namedCrops() : Map.of(), shots,
                    range == null ? List.of() : tracks.opening(range.start()), range == null ? List.of() : tracks.ending());
        } finally {
            idle.addAll(analyzers);
            if (closed) {
                close();
            }
        }
    }

    /** Frees the models that runs have loaded; a run still going frees its own when it ends. */
    @Override
    public void close() {
        closed = true;
        for (FaceAnalyzer a; (a = idle.poll()) != null; ) {
            a.close();
        }
    }

    /** Refuses an upsampling that would give the detector more pixels than it may hold. */
    private void checkDetectionSize(VideoReader reader) {
        long frame = (long) reader.width() * reader.height();
        if (frame > MAX_FRAME_PIXELS) {
            throw new FacerecException(String.format(java.util.Locale.ROOT,
                    "frames of %dx%d (%d million pixels) are larger than facerec reads: at most %d million (8K is 33)",
                    reader.width(), reader.height(), frame / 1_000_000, MAX_FRAME_PIXELS / 1_000_000));
        }
        if (options.method() == FaceSettings.Method.CENTERFACE) {
            return; // its input is at most CenterFace.MAX_SIDE on a side, upsampled or not
        }
        int w = options.detectionWidth(reader.width(), reader.height());
        int h = (int) (reader.height() * ((double) w / reader.width()));
        long pixels = FaceAnalyzer.detectionPixels(w, h, options.upsample());
        if (pixels > FaceAnalyzer.MAX_DETECTION_PIXELS) {
            throw new FacerecException(String.format(java.util.Locale.ROOT,
                    "--upsample %d on %s's frames at --width %d means detecting on %d million pixels (at most %d):"
                            + " lower --upsample or --width", options.upsample(), reader.width() + "x" + reader.height(),
                    w, pixels / 1_000_000, FaceAnalyzer.MAX_DETECTION_PIXELS / 1_000_000));
        }
    }

    /** An idle analyzer, or a new one, for this run: it goes back to the idle ones when the run ends. */
    private FaceAnalyzer analyzer(List<FaceAnalyzer> analyzers) {
        FaceAnalyzer a = idle.poll();
        if (a == null) {
            a = new FaceAnalyzer(models, settings);
        }
        analyzers.add(a);
        return a;
    }

    /**
     * Opens the video and the report (either may be null). A video that cannot be written (its
     * encoder refuses a frame of 2x100000, say) fails the run as a video failing at its first
     * frame does: the report is still made, and the run ends with the video's error. Only when
     * nothing else would be made does it fail at once, before a frame is read.
     */
    private Outputs open(VideoReader reader, String input, Path output, Path report, Progress progress) {
        Outputs outputs = new Outputs();
        VideoWriter writer = null;
        if (output != null) {
            try {
                writer = new VideoWriter(output, reader.width(), reader.height(), reader.fps(), reader.audioChannels(),
                        reader.sampleRate());
            } catch (FacerecException e) {
                if (report == null) {
                    throw e;
                }
                outputs.failed(e);
            }
        }
        if (writer != null && writer.width() > 0 && (writer.width() != reader.width() || writer.height() != reader.height())) {
            progress.note(String.format("%s is %dx%d, not %dx%d like %s: the video writer needs an even width,"
                    + " so the frames are padded at the right and bottom (not scaled)", output, writer.width(),
                    writer.height(), reader.width(), reader.height(), input));
        }
        try {
            if (writer != null) {
                outputs.add(Sink.video(writer, options.showDistance()));
            }
            if (report != null) {
                outputs.add(Sink.report(new ReportWriter(report, input, reader.fps(), reader.width(), reader.height())));
            }
        } catch (RuntimeException e) {
            outputs.end(false, null);
            throw e;
        }
        return outputs;
    }

    /**
     * Frames per chunk: {@code detectEvery}, fewer when that many frames would pass half of
     * {@link #IN_FLIGHT_BYTES}. Chunks start on multiples of it, and so must ranges.
     */
    public static int chunkFrames(int width, int height, int detectEvery) {
        long frameBytes = 3L * width * height;
        return (int) Math.max(1, Math.min(detectEvery, IN_FLIGHT_BYTES / 2 / frameBytes));
    }

    /** Frames to hold back: a second's worth, within {@link #LOOK_AHEAD_BYTES} (at least one frame). */
    private static int lookAhead(VideoReader reader) {
        long frameBytes = 3L * reader.width() * reader.height();
        int second = (int) Math.ceil(reader.fps() * LOOK_AHEAD_SECONDS);
        return (int) Math.max(1, Math.min(second, LOOK_AHEAD_BYTES / frameBytes));
    }

    /** A worker's job on one chunk (see {@link HuntingWorker#process}). */
    private interface Work {
        List<List<Observation>> process(long keyframe, List<Mat> pictures, Mat before,
                Future<HuntingWorker.Carry> previous, CompletableFuture<HuntingWorker.Carry> next) throws InterruptedException;
    }

    /** What each chunk hands the next, in decode order; the pool takes chunks in that order too. */
    private static final class Chain {
        final int chunkFrames;
        /** Whether the chunks are hunted (CenterFace), which wants the thumbnail of the frame before each. */
        final boolean thumbnails;
        CompletableFuture<HuntingWorker.Carry> last;
        Mat lastThumbnail;

        Chain(int chunkFrames, boolean thumbnails) {
            this.chunkFrames = chunkFrames;
            this.thumbnails = thumbnails;
        }
    }

    private static void submit(BlockingQueue<Chunk> inFlight, Thread consumer, ExecutorService workers,
            ThreadLocal<Work> worker, Chain chain, int firstFrame, List<VideoReader.Item> items) throws InterruptedException {
        List<Mat> pictures = items.stream().filter(i -> i instanceof VideoReader.Picture)
                .map(i -> ((VideoReader.Picture) i).bgr()).toList();
        Future<HuntingWorker.Carry> previous = chain.last;
        CompletableFuture<HuntingWorker.Carry> next = new CompletableFuture<>();
        chain.last = next;
        // Made here, while the frame is surely alive: the next chunk's worker compares its first frame with it.
        Mat before = chain.lastThumbnail;
        chain.lastThumbnail = chain.thumbnails && !pictures.isEmpty() ? HuntingWorker.thumbnail(pictures.get(pictures.size() - 1)) : null;
        long keyframe = firstFrame / chain.chunkFrames;
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

    private static void joinUninterruptibly(Thread thread) {
        uninterruptibly(() -> {
            while (thread.isAlive()) {
                thread.join();
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

    /**
     * The writer thread: chunks in decode order; faces placed on tracks, held for the look-ahead,
     * then named and handed to the outputs. After a failure it only drains and frees. Whatever
     * it throws, even an Error, ends as the run's failure, never as a silent thread death.
     */
    private void consume(BlockingQueue<Chunk> inFlight, Outputs outputs, TrackBook tracks, LookAhead lookAhead,
            AtomicReference<RuntimeException> failure, int limit) {
        // Frames past a range's end were read only for the votes: they are not shown.
        LookAhead.Sink show = held -> {
            if (held.index() < limit) {
                show(held, outputs, tracks);
            }
        };
        try {
            while (true) {
                Chunk chunk;
                try {
                    chunk = inFlight.take();
                } catch (InterruptedException e) {
                    failure.compareAndSet(null, new FacerecException("interrupted"));
                    return;
                }
                if (chunk == END) {
                    if (failure.get() == null) {
                        lookAhead.release(show, true);
                    }
                    return;
                }
                boolean held = false;
                try {
                    List<List<Observation>> faces = chunk.faces().get();
                    if (failure.get() == null) {
                        hold(chunk, faces, tracks, lookAhead);
                        held = true;
                        lookAhead.release(show, false);
                    }
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, asFailure(e.getCause()));
                } catch (InterruptedException e) {
                    failure.compareAndSet(null, new FacerecException("interrupted"));
                    return;
                } finally {
                    if (!held) {
                        chunk.items().forEach(VideoReader.Item::free);
                    }
                }
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, asFailure(e));
        } finally {
            lookAhead.close();
        }
    }

    private static RuntimeException asFailure(Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        String what = e instanceof OutOfMemoryError ? "out of memory (" + e.getMessage() + ")" : String.valueOf(e);
        return new FacerecException("internal error: " + what, e);
    }

    /** Places a chunk's faces on tracks, then hands its items to the look-ahead, which frees them. */
    private static void hold(Chunk chunk, List<List<Observation>> faces, TrackBook tracks, LookAhead lookAhead) {
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

    private static void show(LookAhead.Held held, Outputs outputs, TrackBook tracks) {
        if (held.item() instanceof VideoReader.Audio a) {
            outputs.audio(a.samples());
        } else {
            VideoReader.Picture p = (VideoReader.Picture) held.item();
            outputs.accept(held.index(), p, tracks.show(held.faces(), p.timeMs()));
        }
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
}
