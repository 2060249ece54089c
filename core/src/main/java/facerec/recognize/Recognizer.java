package facerec.recognize;


import facerec.FacerecException;
import facerec.face.CenterFace;
import facerec.face.FaceAnalyzer;
import facerec.face.FaceSettings;
import facerec.face.FaceTracker;
import facerec.face.Models;
import facerec.face.NativeThreads;
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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Names every face in a video: the library behind {@code facerec recognize}.
 *
 * <p>The pipeline ({@link Pipeline}): this thread decodes and cuts the video into chunks of
 * {@code detectEvery} frames; {@code threads} workers, each with its own native models, detect
 * and embed the faces on a chunk's first frame and track them through the rest
 * ({@link ChunkWorker}, {@link HuntingWorker}); one writer thread ({@link InOrderWriter}) takes the
 * chunks back in order, links their faces into tracks of one person each, named by the vote of
 * their embeddings ({@link TrackBook}), holds a second of frames so that names settle before
 * they are shown ({@link LookAhead}), and hands them to the outputs ({@link Sink}). At most {@code threads + 2} chunks and the look-ahead are in flight, so memory does
 * not grow with the video's length.
 * With {@code detectEvery} 1 every frame is detected and each face named by its own embedding.
 */
public final class Recognizer implements AutoCloseable {
    /**
     * @param width      hog and cnn: frames are downscaled to this width for detection (never upscaled)
     * @param minFace    centerface (else 0): the smallest face to find, in the video's pixels
     * @param tolerance  the largest distance at which a stored embedding votes
     * @param gapSeconds appearances closer than this join one segment
     * @param people     cut a crop of each face detected, for the listeners of the people outputs
     *                   ({@code --unknowns}, {@code --html}; {@link TrackListener#detected})
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
     * One input to recognize: {@code input} is read, and called {@code name} in the report and
     * the result (a local copy of a file on HDFS, say). The video and the report ({@code output},
     * {@code report}, either may be null) are written by the run; {@code sinks} and
     * {@code listeners} are the caller's own outputs, handed the frames after the run's and told
     * of the tracks as they go. Over {@code range} of the video only, or all of it (null). The
     * video is painted by {@code painter} (null: {@link Painter#boxes}).
     */
    public record Request(String input, String name, Path output, Path report, Range range, List<Sink> sinks,
            List<TrackListener> listeners, Painter painter) {
        public Request {
            sinks = List.copyOf(sinks);
            listeners = List.copyOf(listeners);
        }

        public Request(String input, String name, Path output, Path report, Range range, List<Sink> sinks,
                List<TrackListener> listeners) {
            this(input, name, output, report, range, sinks, listeners, null);
        }

        /** The whole of {@code input}, into the video and the report only. */
        public static Request of(String input, Path output, Path report) {
            return new Request(input, input, output, report, null, List.of(), List.of());
        }

        /** The same, with the caller's outputs too. */
        public Request with(List<Sink> sinks, List<TrackListener> listeners) {
            return new Request(input, name, output, report, range, sinks, listeners, painter);
        }

        /** The same, with the video painted by {@code painter} instead of boxes and names. */
        public Request paintedBy(Painter painter) {
            return new Request(input, name, output, report, range, sinks, listeners, painter);
        }
    }

    /**
     * How a run ended: frames decoded, whether the input was read to its end, who appears, its
     * tracks and its time; over a range, the tracks at its edges, which {@code facerec.spark}
     * joins to the next range's (else empty).
     */
    public record Result(String input, Path output, Path report, int frames, boolean complete,
            List<Timeline.Person> people, List<TrackRecord> tracks, double seconds, String error,
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
        return recognize(Request.of(input, output, report), progress, stopRequested);
    }

    /**
     * As {@link #recognize(String, Path, Path, Progress, BooleanSupplier)}, for a {@link Request}.
     * The video output of a range is its frames alone, without audio, for
     * {@link facerec.video.VideoJoin} to join.
     */
    public Result recognize(Request request, Progress progress, BooleanSupplier stopRequested) {
        long start = System.nanoTime();
        // One worker is one core: OpenBLAS's and OpenCV's own thread pools inside the workers
        // would fight for the cores, and OpenBLAS's idle threads spin in sched_yield (CNN with
        // --threads 1 spent 13 s of 45 s in the kernel that way).
        NativeThreads.oneEach();
        // But OpenCV runs CenterFace on a thread per worker: a chunk that starts a shot looks at
        // its whole first frame, and the chunk after waits for it (HuntingWorker), so the core
        // that waits lends a hand (at 1080p, 9.3 s instead of 10.4 on 2 cores).
        org.bytedeco.opencv.global.opencv_core.setNumThreads(
                options.method() == FaceSettings.Method.CENTERFACE ? options.threads() : 1);
        List<FaceAnalyzer> analyzers = Collections.synchronizedList(new ArrayList<>());
        Range range = request.range();
        try (ReaderThread read = openReader(request, stopRequested)) {
            VideoReader reader = read.reader();
            checkDetectionSize(reader);
            if (range != null) {
                reader.seekTo(range.start());
            }
            // A missing or truncated model fails here, before any output is touched.
            Queue<FaceAnalyzer> ready = new ConcurrentLinkedQueue<>();
            ready.add(analyzer(analyzers));
            Timeline timeline = new Timeline(options.gapSeconds());
            Outputs outputs = open(reader, request, progress, timeline);
            boolean perFrame = options.detectEvery() == 1;
            int limit = range == null ? Integer.MAX_VALUE : range.end();
            TrackBook tracks = new TrackBook(perFrame, options.tolerance(), limit, request.listeners());
            LookAhead lookAhead = new LookAhead(perFrame ? 0 : lookAhead(reader));
            progress.started(reader.estimatedFrames());
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            Pipeline.Ended ended = pipeline(read, range).run(work(ready, analyzers, reader),
                    new InOrderWriter(outputs, tracks, lookAhead, failure, limit), failure, stopRequested);
            int frames = Math.min(read.framesRead(), limit);
            String readError = ended.readError();
            if (frames == 0 && !ended.stopped()) {
                // Nothing to show: an empty video and report must not replace earlier ones.
                failure.compareAndSet(null, new FacerecException(request.name() + ": no frame could be decoded"
                        + (readError != null ? " (" + readError + ")" : "")));
            }
            boolean complete = readError == null && !ended.stopped() && failure.get() == null;
            outputs.end(failure.get() == null, () -> new Sink.Summary(complete, timeline.people(), tracks.tracks()));
            if (failure.get() != null) {
                throw failure.get();
            }
            if (outputs.error() != null) {
                throw outputs.error();
            }
            String error = readError != null ? readError : ended.stopped() ? "interrupted after frame " + frames : null;
            return new Result(request.name(), request.output(), request.report(), frames, complete, timeline.people(),
                    tracks.tracks(), (System.nanoTime() - start) / 1e9, error,
                    range == null ? List.of() : tracks.opening(range.start()), range == null ? List.of() : tracks.ending());
        } finally {
            idle.addAll(analyzers);
            if (closed) {
                close();
            }
        }
    }

    private ReaderThread openReader(Request request, BooleanSupplier stopRequested) {
        boolean audio = request.output() != null && request.range() == null;
        try {
            return ReaderThread.open(() -> new VideoReader(request.input(), audio, options.timeout()), stopRequested);
        } catch (ReaderThread.Stopped e) {
            throw new FacerecException(request.name() + ": interrupted while opening it");
        }
    }

    /** Chunks and their bound in bytes; for a range, how far past its end to read. */
    private Pipeline pipeline(ReaderThread read, Range range) {
        VideoReader reader = read.reader();
        // Bounded in bytes: the reader waits when this many chunks are decoded and not yet
        // taken by the writer (one more is being read).
        long frameBytes = 3L * reader.width() * reader.height();
        int chunkFrames = chunkFrames(reader.width(), reader.height(), options.detectEvery());
        int chunks = (int) Math.max(1, Math.min(options.threads() + 2, IN_FLIGHT_BYTES / 2 / (chunkFrames * frameBytes)));
        // A range reads on, in whole chunks, until its last frame would be shown in the whole
        // video's run: its names are then voted on the same embeddings.
        long stopAt = range == null ? Long.MAX_VALUE
                : ((long) range.end() + lookAhead(reader) + chunkFrames) / chunkFrames * chunkFrames;
        return new Pipeline(read, chunkFrames, chunks, stopAt, options.threads(), hunting());
    }

    /** Whether chunks are hunted ({@link HuntingWorker}): CenterFace's, unless every frame is detected. */
    private boolean hunting() {
        return options.method() == FaceSettings.Method.CENTERFACE && options.detectEvery() != 1;
    }

    /** Each worker thread's job, with models of its own: the run's first, an idle one, or new. */
    private ThreadLocal<Pipeline.Work> work(Queue<FaceAnalyzer> ready, List<FaceAnalyzer> analyzers, VideoReader reader) {
        int detectionWidth = options.detectionWidth(reader.width(), reader.height());
        boolean hunting = hunting();
        return ThreadLocal.withInitial(() -> {
            FaceAnalyzer a = ready.poll();
            FaceAnalyzer mine = a != null ? a : analyzer(analyzers);
            if (hunting) {
                HuntingWorker w = new HuntingWorker(mine, matcher, detectionWidth, options.tracker(), options.people());
                return w::process;
            }
            ChunkWorker w = new ChunkWorker(mine, matcher, detectionWidth, options.tracker(), options.people());
            return (keyframe, pictures, before, previous, next) -> {
                next.complete(null);
                return w.process(pictures);
            };
        });
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
     * Opens the outputs: the video and the report (either may be null), the timeline, the
     * progress and the caller's sinks, in that order. A video that cannot be written (its
     * encoder refuses a frame of 2x100000, say) fails the run as a video failing at its first
     * frame does: the report is still made, and the run ends with the video's error. Only when
     * nothing else would be made does it fail at once, before a frame is read.
     */
    private Outputs open(VideoReader reader, Request request, Progress progress, Timeline timeline) {
        String input = request.name();
        Path output = request.output();
        Path report = request.report();
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
                Painter painter = request.painter() != null ? request.painter() : Painter.boxes(options.showDistance());
                painter.start(reader.width(), reader.height(), reader.fps());
                outputs.add(Sink.video(writer, painter));
            }
            if (report != null) {
                boolean masks = request.painter() != null && request.painter().masks();
                ReportWriter.Naming naming = new ReportWriter.Naming(Models.ENCODER_NAME, models.encoderSha256(),
                        options.tolerance(), options.gapSeconds(), options.detectEvery() == 1, masks);
                outputs.add(Sink.report(new ReportWriter(report, input, reader.fps(), reader.width(), reader.height(),
                        naming)));
            }
            outputs.add(Sink.timeline(timeline));
            outputs.add(Sink.progress(progress));
            // After the video, which has drawn the boxes and names that the caller's may show.
            for (Sink sink : request.sinks()) {
                sink.start(reader.width(), reader.height(), reader.fps());
                outputs.add(sink);
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
}
