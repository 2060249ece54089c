package facerec.recognize;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import facerec.FacerecException;
import facerec.dlib.Dlib;
import facerec.face.Box;
import facerec.face.Detection;
import facerec.face.FaceAnalyzer;
import facerec.face.FaceSettings;
import facerec.face.Models;
import facerec.report.FaceRecord;
import facerec.report.ReportWriter;
import facerec.report.Timeline;
import facerec.store.EncodingStore;
import facerec.store.Matcher;
import facerec.video.Annotator;
import facerec.video.Images;
import facerec.video.VideoReader;
import facerec.video.VideoWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
 * Names every face in a video: the library behind {@code facerec recognize}.
 *
 * <p>The pipeline: this thread decodes; {@code threads} workers, each with its own native
 * models, downscale, detect, embed, match and draw; one writer thread takes the results
 * back in frame order and writes video and report. At most {@code 2 * threads + 2} frames
 * are in flight, so memory does not grow with the length of the video.
 */
public final class Recognizer {
    /**
     * @param width      frames are downscaled to this width for detection (never upscaled)
     * @param tolerance  the largest distance at which a stored embedding votes
     * @param gapSeconds appearances closer than this join one segment
     */
    public record Options(FaceSettings.Method method, int upsample, int width, double tolerance, boolean showDistance,
            double gapSeconds, int threads) {
        public static Options defaults() {
            return new Options(FaceSettings.Method.HOG, 1, 400, 0.6, false, 1.0, Runtime.getRuntime().availableProcessors());
        }
    }

    /** How a run ended: frames decoded, whether the input was read to its end, who appears. */
    public record Result(String input, Path output, Path report, int frames, boolean complete,
            List<Timeline.Person> people, double seconds, String error) {}

    private final Models models;
    private final FaceSettings settings;
    private final Matcher matcher;
    private final Options options;

    /** Checks that the store was made by the encoder in {@code models}: embeddings of two models never compare. */
    public Recognizer(Models models, EncodingStore store, Path storePath, Options options) {
        String sha = models.encoderSha256();
        if (!sha.equals(store.model().encoderSha256())) {
            throw new FacerecException(storePath + " was made by another encoder (" + store.model().encoder() + " "
                    + store.model().encoderSha256() + "), not by " + models.file(Models.ENCODER) + ": run encode again");
        }
        if (store.faces().isEmpty()) {
            throw new FacerecException(storePath + " has no faces: nobody to recognize");
        }
        this.models = models;
        // Align as the store's faces were aligned; jitter is for enrolment only.
        this.settings = new FaceSettings(options.method(), options.upsample(), store.model().landmarks(), 1);
        this.matcher = new Matcher(store.faces(), options.tolerance());
        this.options = options;
    }

    /** Progress of one input, called on the writer thread. */
    public interface Progress {
        /** Once the input is open, with the container's frame count (0 when unknown). */
        default void started(int estimatedFrames) {}

        /** After each frame is written. */
        void frame(int index);

        Progress NONE = index -> {};
    }

    private record Done(int index, VideoReader.Item item, List<FaceRecord> faces) {}

    private static final Future<Done> END = CompletableFuture.completedFuture(null);

    /**
     * Recognizes one input. Outputs ({@code output}, {@code report}, either may be null) are
     * finalized whatever happens: a broken input or a stop request gives a playable video and
     * a report with {@code complete: false}, and the error in the result.
     */
    public Result recognize(String input, Path output, Path report, Progress progress, BooleanSupplier stopRequested) {
        long start = System.nanoTime();
        if (options.threads() > 1) {
            Dlib.setBlasThreads(1);
        }
        try (VideoReader reader = new VideoReader(input, output != null)) {
            VideoWriter writer = output == null ? null : new VideoWriter(output, reader.width(), reader.height(),
                    reader.fps(), reader.audioChannels(), reader.sampleRate());
            ReportWriter reportWriter = null;
            try {
                reportWriter = report == null ? null
                        : new ReportWriter(report, input, reader.fps(), reader.width(), reader.height());
            } catch (RuntimeException e) {
                if (writer != null) {
                    writer.close();
                }
                throw e;
            }
            Timeline timeline = new Timeline(options.gapSeconds());
            progress.started(reader.estimatedFrames());
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            BlockingQueue<Future<Done>> inFlight = new ArrayBlockingQueue<>(2 * options.threads() + 2);
            List<FaceAnalyzer> analyzers = Collections.synchronizedList(new ArrayList<>());
            ThreadLocal<FaceAnalyzer> analyzer = ThreadLocal.withInitial(() -> {
                FaceAnalyzer a = new FaceAnalyzer(models, settings);
                analyzers.add(a);
                return a;
            });
            ExecutorService workers = Executors.newFixedThreadPool(options.threads());
            ReportWriter rw = reportWriter;
            Thread consumer = new Thread(() -> consume(inFlight, writer, rw, timeline, progress, failure),
                    "facerec-writer");
            consumer.start();
            String readError = null;
            boolean stopped = false;
            try {
                while (failure.get() == null) {
                    if (stopRequested.getAsBoolean()) {
                        stopped = true;
                        break;
                    }
                    VideoReader.Item item;
                    try {
                        item = reader.next();
                    } catch (FacerecException e) {
                        readError = e.getMessage();
                        break;
                    }
                    if (item == null) {
                        break;
                    }
                    if (item instanceof VideoReader.Picture p) {
                        int index = reader.framesRead() - 1;
                        inFlight.put(workers.submit(() -> process(analyzer.get(), index, p, writer != null)));
                    } else {
                        inFlight.put(CompletableFuture.completedFuture(new Done(-1, item, null)));
                    }
                }
                inFlight.put(END);
                consumer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            } finally {
                workers.shutdownNow();
                awaitQuietly(workers);
                analyzers.forEach(FaceAnalyzer::close);
            }
            int frames = reader.framesRead();
            boolean complete = readError == null && !stopped && failure.get() == null;
            if (writer != null) {
                writer.close();
            }
            if (reportWriter != null) {
                reportWriter.finish(complete, timeline.people(), Map.of());
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            String error = readError != null ? readError : stopped ? "interrupted after frame " + frames : null;
            return new Result(input, output, report, frames, complete, timeline.people(),
                    (System.nanoTime() - start) / 1e9, error);
        }
    }

    /** A worker's part: detect and embed on the downscaled RGB copy, match, draw on the full frame. */
    private Done process(FaceAnalyzer analyzer, int index, VideoReader.Picture picture, boolean annotate) {
        Mat bgr = picture.bgr();
        Mat small = Images.downscale(bgr, options.width());
        List<FaceRecord> faces = new ArrayList<>();
        try (Mat rgb = new Mat()) {
            // dlib's models were trained on RGB; the tutorial this replaces handed them BGR.
            cvtColor(small, rgb, COLOR_BGR2RGB);
            List<Box> boxes = analyzer.locate(rgb).stream().map(Detection::box).toList();
            double[][] embeddings = analyzer.encode(rgb, boxes);
            double scale = bgr.cols() / (double) rgb.cols();
            for (int i = 0; i < boxes.size(); i++) {
                Matcher.Match m = matcher.match(embeddings[i]);
                faces.add(new FaceRecord(m.name(), Math.round(m.distance() * 1e4) / 1e4, m.votes(), boxes.get(i).scale(scale)));
            }
        } finally {
            if (small != bgr) {
                small.close();
            }
        }
        if (annotate) {
            for (FaceRecord f : faces) {
                boolean unknown = Matcher.UNKNOWN.equals(f.name());
                Annotator.draw(bgr, f.box(), Annotator.label(f.name(), f.distance(), options.showDistance()),
                        Annotator.colour(f.name(), unknown));
            }
        }
        return new Done(index, picture, faces);
    }

    /** The writer thread: results in decode order to video, report and timeline; after a failure it only drains. */
    private static void consume(BlockingQueue<Future<Done>> inFlight, VideoWriter writer, ReportWriter report,
            Timeline timeline, Progress progress, AtomicReference<RuntimeException> failure) {
        while (true) {
            Future<Done> next;
            try {
                next = inFlight.take();
            } catch (InterruptedException e) {
                failure.compareAndSet(null, new FacerecException("interrupted"));
                return;
            }
            if (next == END) {
                return;
            }
            Done done = null;
            try {
                done = next.get();
                if (failure.get() != null) {
                    continue;
                }
                if (done.item() instanceof VideoReader.Picture p) {
                    if (writer != null) {
                        writer.write(p.bgr());
                    }
                    if (report != null) {
                        report.frame(done.index(), p.timeMs(), done.faces());
                    }
                    timeline.add(p.timeMs(), done.faces().stream().map(FaceRecord::name).toList());
                    progress.frame(done.index());
                } else if (done.item() instanceof VideoReader.Audio a && writer != null) {
                    writer.write(a.samples());
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                failure.compareAndSet(null, cause instanceof RuntimeException r ? r
                        : new FacerecException(String.valueOf(cause), cause));
            } catch (InterruptedException e) {
                failure.compareAndSet(null, new FacerecException("interrupted"));
                return;
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                if (done != null && done.item() instanceof VideoReader.Picture p) {
                    p.bgr().close();
                } else if (done != null && done.item() instanceof VideoReader.Audio a) {
                    a.samples().close();
                }
            }
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
