package facerec.encode;

import facerec.FacerecException;
import facerec.encode.Dataset.Photo;
import facerec.face.Box;
import facerec.face.Detection;
import facerec.face.FaceAnalyzer;
import facerec.face.FaceSettings;
import facerec.face.Models;
import facerec.face.NativeThreads;
import facerec.face.StageTimes;
import facerec.store.EncodingStore;
import facerec.store.EncodingStore.Skipped;
import facerec.store.EncodingStore.StoredFace;
import facerec.video.Images;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Builds an embedding store from a dataset folder: face_recognition's encode step, with a
 * worker per thread, each owning its native models.
 */
public final class DatasetEncoder {
    /** What to do with a photo that shows several faces. */
    public enum MultiFace {
        /** keep the largest face (the person the photo is of, most likely) */
        LARGEST,
        /** skip the photo: it is ambiguous whose face is whose */
        SKIP,
        /** keep every face under the folder's name */
        ALL;

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    /** The result: the store, plus notes on photos with several faces. */
    public record Result(EncodingStore store, List<String> notes, int photos) {}

    private final Models models;
    private final FaceSettings settings;
    private final MultiFace multiFace;
    private final int threads;
    private final StageTimes times = new StageTimes();

    public DatasetEncoder(Models models, FaceSettings settings, MultiFace multiFace, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.models = models;
        this.settings = settings;
        this.multiFace = multiFace;
        this.threads = threads;
    }

    public StageTimes times() {
        return times;
    }

    /** Encodes every photo of a dataset folder. */
    public Result encode(Path dataset) {
        return encode(Dataset.photos(dataset), () -> {});
    }

    /** Encodes the given photos; {@code onPhotoDone} is called once per photo (progress). */
    public Result encode(List<Photo> photos, Runnable onPhotoDone) {
        return encode(photos, onPhotoDone, () -> false);
    }

    /**
     * As {@link #encode(List, Runnable)}, until {@code stop} says to stop: then the photos being
     * encoded are finished, and it fails with "interrupted after N of M photos", since a store
     * of part of a dataset would drop the people of the rest.
     */
    public Result encode(List<Photo> photos, Runnable onPhotoDone, java.util.function.BooleanSupplier stop) {
        String encoderSha = models.encoderSha256();
        AtomicInteger done = new AtomicInteger();
        Outcome[] outcomes = new Outcome[photos.size()];
        AtomicInteger next = new AtomicInteger();
        // One worker is one core: OpenBLAS would start a thread per core inside every worker's
        // convolutions, and its idle threads spin in the kernel (see Recognizer).
        NativeThreads.oneEach();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    try (FaceAnalyzer analyzer = new FaceAnalyzer(models, settings, times)) {
                        for (int i; !stop.getAsBoolean() && (i = next.getAndIncrement()) < photos.size(); ) {
                            outcomes[i] = encodeOne(analyzer, photos.get(i));
                            done.incrementAndGet();
                            onPhotoDone.run();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } catch (ExecutionException e) {
            next.set(photos.size());
            throw e.getCause() instanceof RuntimeException r ? r : new FacerecException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FacerecException("interrupted");
        } finally {
            pool.shutdownNow();
        }
        if (done.get() < photos.size()) {
            throw new FacerecException("interrupted after " + done.get() + " of " + photos.size() + " photos");
        }
        List<StoredFace> faces = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Outcome o : outcomes) {
            faces.addAll(o.faces);
            if (o.skipped != null) {
                skipped.add(o.skipped);
            }
            if (o.note != null) {
                notes.add(o.note);
            }
        }
        Conflicts.Resolved resolved = Conflicts.resolve(faces, skipped);
        return new Result(new EncodingStore(EncodingStore.ModelInfo.of(encoderSha, settings), resolved.faces(),
                resolved.skipped()), notes, photos.size());
    }

    private record Outcome(List<StoredFace> faces, Skipped skipped, String note) {}

    private Outcome encodeOne(FaceAnalyzer analyzer, Photo photo) {
        if (photo.skip() != null) {
            return new Outcome(List.of(), new Skipped(photo.relative(), photo.skip()), null);
        }
        long t0 = System.nanoTime();
        Mat rgb;
        try {
            rgb = Images.readRgb(photo.file());
        } catch (Images.Unreadable e) {
            return new Outcome(List.of(), new Skipped(photo.relative(), e.reason()), null);
        } finally {
            times.decodeNanos.add(System.nanoTime() - t0);
        }
        try (rgb) {
            long detected = FaceAnalyzer.detectionPixels(rgb.cols(), rgb.rows(), settings.upsample());
            if (detected > FaceAnalyzer.MAX_DETECTION_PIXELS) {
                return new Outcome(List.of(), new Skipped(photo.relative(), String.format(java.util.Locale.ROOT,
                        "too large to upsample %d times: %d x %d pixels would become %d million (at most %d)",
                        settings.upsample(), rgb.cols(), rgb.rows(), detected / 1_000_000,
                        FaceAnalyzer.MAX_DETECTION_PIXELS / 1_000_000)), null);
            }
            List<Box> boxes = analyzer.locate(rgb).stream().map(Detection::box).toList();
            String note = null;
            if (boxes.isEmpty()) {
                return new Outcome(List.of(), new Skipped(photo.relative(), "no face found"), null);
            }
            int found = boxes.size();
            if (found > 1) {
                switch (multiFace) {
                    case SKIP:
                        return new Outcome(List.of(), new Skipped(photo.relative(),
                                found + " faces found (--multi-face skip)"), null);
                    case LARGEST:
                        boxes = List.of(boxes.stream().max(Comparator.comparingLong(Box::area)).orElseThrow());
                        note = photo.relative() + ": " + found + " faces found, kept the largest";
                        break;
                    case ALL:
                        note = photo.relative() + ": " + found + " faces found, kept all";
                        break;
                }
            }
            double[][] embeddings = analyzer.encode(rgb, boxes);
            List<StoredFace> faces = new ArrayList<>();
            for (int f = 0; f < boxes.size(); f++) {
                faces.add(new StoredFace(photo.person(), photo.relative(), boxes.get(f), embeddings[f]));
            }
            return new Outcome(faces, null, note);
        } catch (RuntimeException e) {
            if (e instanceof FacerecException) {
                throw e;
            }
            // A native failure on one photo (say, an absurd size) skips the photo, not the run.
            return new Outcome(List.of(), new Skipped(photo.relative(), "failed: " + e.getMessage()), null);
        }
    }
}
