package facerec.spark;

import facerec.FacerecException;
import facerec.cli.BatchLine;
import facerec.export.Appearance;
import facerec.recognize.Inputs;
import facerec.recognize.Ranges;
import facerec.recognize.Recognizer;
import facerec.video.VideoJoin;
import facerec.video.VideoReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The archive job: a task per video, or per range of a long one, each the CLI's own recognize
 * run (outputs written under temporary names and renamed when complete, so a retried or
 * speculative task never leaves half a file); a batch line per video as the CLI prints; and
 * the table of every track of every video, written by Spark as Parquet
 * ({@code appearances.parquet}) and JSON lines ({@code appearances.jsonl}). The ranges of a
 * video are joined on the driver into its report ({@link Ranges}). A video that fails is its
 * own line, without rows, never the job's failure.
 */
public final class ArchiveJob {
    /** The table's columns (docs/FORMATS.md, "The appearances table"). */
    public static final StructType SCHEMA = new StructType()
            .add("input", DataTypes.StringType, false)
            .add("person", DataTypes.StringType, false)
            .add("track", DataTypes.IntegerType, false)
            .add("start_ms", DataTypes.DoubleType, false)
            .add("end_ms", DataTypes.DoubleType, false)
            .add("first_frame", DataTypes.IntegerType, false)
            .add("last_frame", DataTypes.IntegerType, false)
            .add("frames", DataTypes.IntegerType, false)
            .add("best_distance", DataTypes.DoubleType, true);

    private ArchiveJob() {}

    /**
     * What a run did: how many videos failed, and its fixed costs apart from the tasks'. The
     * seconds to the first executor are NaN in local mode, whose driver is its executor.
     */
    public record Run(int failed, double firstExecutorSeconds, double taskSeconds, double tableSeconds) {}

    /**
     * Runs the job; prints each video's batch line on {@code out}, in the order given.
     */
    public static Run run(SparkSession spark, JobSettings settings, List<ArchiveTask> videos, Path outputDir,
            PrintWriter out) {
        List<ArchiveTask> tasks = new ArrayList<>();
        Set<String> ranged = new HashSet<>();
        for (ArchiveTask v : videos) {
            List<ArchiveTask> own = split(v, settings);
            tasks.addAll(own);
            if (own.get(0).range() != null) {
                ranged.add(v.input());
            }
        }
        // Longest first: a long task started last would leave the other cores idle while it ends.
        // (Measured on five inputs: a task's time follows its frames, 12 to 23 ms a frame, whatever their size.)
        tasks.sort(Comparator.comparingInt(ArchiveTask::frames).reversed());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Kept, so that the lines and the table come from one run of each task, not two.
        JavaRDD<Outcome> outcomes = jsc.parallelize(tasks, Math.max(1, tasks.size()))
                .map(t -> runTask(t, settings)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return Jobs.watched(spark, watch -> {
                long began = System.nanoTime();
                Map<String, List<Outcome>> byInput = new LinkedHashMap<>();
                List<Outcome> done = outcomes.collect();
                long collected = System.nanoTime();
                for (Outcome o : done) {
                    byInput.computeIfAbsent(o.input(), i -> new ArrayList<>()).add(o);
                }
                int failed = 0;
                // The rows of videos in ranges are made here, from their merged tracks.
                List<Appearance> merged = new ArrayList<>();
                for (ArchiveTask v : videos) {
                    List<Outcome> parts = byInput.get(v.input());
                    boolean inRanges = ranged.contains(v.input());
                    Outcome o = inRanges ? merge(v, parts, settings) : parts.get(0);
                    out.println(o.line());
                    failed += o.failed() ? 1 : 0;
                    if (inRanges) {
                        merged.addAll(o.appearances());
                    }
                }
                out.flush();
                writeTable(spark, outcomes.filter(o -> !ranged.contains(o.input())).flatMap(o -> o.appearances().iterator())
                        .union(jsc.parallelize(merged, 1)), outputDir);
                return new Run(failed, watch != null ? watch.secondsToFirstExecutor() : Double.NaN,
                        (collected - began) / 1e9, (System.nanoTime() - collected) / 1e9);
            },
                    // The killed executors' temporaries: on this host their processes are known to be gone.
                    () -> tasks.forEach(t -> removeStaleOutputs(t, settings)),
                    "an input whose report is written is done, the others have no outputs");
        } finally {
            outcomes.unpersist(false);
        }
    }

    /**
     * The tasks of one video, with their lengths: itself, or, when it is longer than one and a
     * half ranges, its ranges, cut on its chunk starts.
     */
    static List<ArchiveTask> split(ArchiveTask video, JobSettings settings) {
        if (Inputs.isImage(video.input())) {
            return List.of(video.withFrames(1));
        }
        if (HadoopInputs.isHadoop(video.input())) {
            return List.of(video); // Its length is known only once it is copied: it runs whole.
        }
        int frames;
        double fps;
        int chunk;
        try (VideoReader reader = new VideoReader(video.input(), false)) {
            frames = reader.estimatedFrames();
            fps = reader.fps();
            chunk = Recognizer.chunkFrames(reader.width(), reader.height(), settings.options().detectEvery());
        } catch (FacerecException e) {
            return List.of(video); // It fails in its task, with the reason, as any broken input does.
        }
        int target = (int) Math.round(settings.rangeSeconds() * fps);
        if (settings.rangeSeconds() <= 0 || frames < 1.5 * target) {
            return List.of(video.withFrames(frames));
        }
        List<ArchiveTask> ranges = new ArrayList<>();
        Path report = Path.of(video.report());
        for (Recognizer.Range r : Ranges.split(frames, target, chunk)) {
            String part = report.resolveSibling("." + report.getFileName() + ".from-" + r.start() + ".part").toString();
            ranges.add(new ArchiveTask(video.input(), video.video(), video.report(), r, part, rangeVideo(video, r.start()),
                    Math.min(r.end(), frames) - r.start()));
        }
        return ranges;
    }

    /** One task, on an executor: the CLI's code path, and its line and rows (for a range, its part). */
    static Outcome runTask(ArchiveTask task, JobSettings settings) {
        TaskContext context = TaskContext.get();
        Path copy = null;
        String source = settings.source(task.input());
        try {
            Recognizer recognizer = ExecutorModels.recognizer(settings);
            boolean range = task.range() != null;
            Path video = videoOf(task, settings);
            if (HadoopInputs.isHadoop(task.input())) {
                copy = HadoopInputs.copy(task.input(), ExecutorModels.scratch());
            }
            // A task rerun after its executor was killed finds that executor's half-written files.
            Path report = reportOf(task);
            removeStaleOutputs(task, settings);
            Recognizer.Request request = new Recognizer.Request(copy != null ? copy.toString() : source, task.input(),
                    video, report, task.range(), List.of(), List.of());
            Recognizer.Result r = recognizer.recognize(request, index -> { }, () -> context != null && context.isInterrupted());
            Ranges.Part part = range && r.error() == null ? new Ranges.Part(task.range().start(),
                    task.rangeReport(), r.tracks(), r.opening(), r.ending(), r.complete()) : null;
            if (range && part == null) {
                return new Outcome(task.input(), null, true, r.error(), List.of(), null, r.seconds());
            }
            return new Outcome(task.input(), BatchLine.of(r), r.error() != null, r.error(),
                    Appearance.of(task.input(), r.tracks()), part, r.seconds());
        } catch (FacerecException e) {
            // A message about the local copy, or the path read, is about the input as given.
            String message = e.getMessage().replace(copy == null ? source : copy.toString(), task.input());
            return new Outcome(task.input(), BatchLine.failed(task.input(), message), true, message, List.of(), null, 0);
        } finally {
            if (copy != null) {
                deleteQuietly(copy);
            }
        }
    }

    /**
     * A video's ranges, on the driver: joined into its report ({@link Ranges#merge}); its line
     * and rows as a whole run's. A range that failed fails the video, and no report is written.
     */
    private static Outcome merge(ArchiveTask video, List<Outcome> parts, JobSettings settings) {
        List<Outcome> inOrder = new ArrayList<>(parts);
        try {
            for (Outcome o : inOrder) {
                if (o.failed()) {
                    return new Outcome(video.input(), BatchLine.failed(video.input(), o.error()), true, o.error(), List.of(),
                            null, 0);
                }
            }
            inOrder.sort(Comparator.comparingInt(o -> o.part().start()));
            List<Ranges.Part> ranges = inOrder.stream().map(Outcome::part).toList();
            Ranges.Merged m;
            try {
                m = Ranges.merge(video.input(), Path.of(video.report()), ranges, settings.options().tolerance(),
                        settings.options().gapSeconds());
            } catch (FacerecException e) {
                return new Outcome(video.input(), BatchLine.failed(video.input(), e.getMessage()), true, e.getMessage(),
                        List.of(), null, 0);
            }
            Path joined = null;
            if (settings.video()) {
                List<Path> pictures = new ArrayList<>();
                for (Outcome o : inOrder) {
                    pictures.add(Path.of(rangeVideo(video, o.part().start())));
                }
                try {
                    VideoJoin.join(pictures, Path.of(video.video()));
                    joined = Path.of(video.video());
                } catch (RuntimeException e) {
                    return new Outcome(video.input(), BatchLine.failed(video.input(), e.getMessage()), true, e.getMessage(),
                            List.of(), null, 0);
                }
            }
            double seconds = inOrder.stream().mapToDouble(Outcome::seconds).sum();
            String line = BatchLine.of(video.input(), joined, Path.of(video.report()), m.frames(), m.complete(), m.people(),
                    seconds, null);
            return new Outcome(video.input(), line, false, null, Appearance.of(video.input(), m.tracks()), null,
                    seconds);
        } finally {
            for (Outcome o : parts) {
                if (o.part() != null) {
                    deleteQuietly(Path.of(o.part().report()));
                    deleteQuietly(Path.of(rangeVideo(video, o.part().start())));
                }
            }
        }
    }

    /** Where a range of the video writes its part of the annotated video. */
    private static String rangeVideo(ArchiveTask video, int start) {
        Path whole = Path.of(video.video());
        return whole.resolveSibling("." + whole.getFileName() + ".from-" + start + ".part.avi").toString();
    }

    /** The report a task writes: the video's, or for a range its part. */
    private static Path reportOf(ArchiveTask task) {
        return Path.of(task.range() != null ? task.rangeReport() : task.report());
    }

    /** The video a task writes (the video's, or for a range its part), or null when the job writes none. */
    private static Path videoOf(ArchiveTask task, JobSettings settings) {
        return !settings.video() ? null : Path.of(task.range() != null ? task.rangeVideo() : task.video());
    }

    /** The temporaries of a task's outputs left by a process that has ended ({@link #removeStale}). */
    private static void removeStaleOutputs(ArchiveTask task, JobSettings settings) {
        removeStale(reportOf(task));
        Path video = videoOf(task, settings);
        if (video != null) {
            removeStale(video);
        }
    }

    /**
     * The temporaries beside {@code output} of a process that has ended (on this host: PIDs of
     * another host's executors sharing the folder are not told apart from ended ones).
     */
    private static void removeStale(Path output) {
        try {
            facerec.files.Temporaries.removeStale(output);
        } catch (IOException ignored) {
            // Left for the next run, as the CLI leaves what it cannot list.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A hidden part file, named for its video; the next run of the video replaces it.
        }
    }

    /** The table of appearances in {@code outputDir}, as Parquet and JSON lines, replacing what was there. */
    static void writeTable(SparkSession spark, JavaRDD<Appearance> appearances, Path outputDir) {
        Dataset<Row> table = spark.createDataFrame(appearances.map(ArchiveJob::row), SCHEMA).coalesce(1);
        table.write().mode(SaveMode.Overwrite).parquet(outputDir.resolve("appearances.parquet").toString());
        table.write().mode(SaveMode.Overwrite).json(outputDir.resolve("appearances.jsonl").toString());
    }

    private static Row row(Appearance a) {
        return RowFactory.create(a.input(), a.person(), a.track(), a.startMs(), a.endMs(), a.firstFrame(), a.lastFrame(),
                a.frames(), a.bestDistance());
    }
}
