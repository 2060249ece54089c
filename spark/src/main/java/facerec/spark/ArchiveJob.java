package facerec.spark;

import facerec.FacerecException;
import facerec.cli.BatchLine;
import facerec.recognize.Recognizer;
import facerec.recognize.TrackRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * The archive job: a task per video, each the CLI's own recognize run (video and report
 * written under temporary names and renamed when complete, so a retried or speculative task
 * never leaves half a file), a batch line per video as the CLI prints, and the table of every
 * track of every video, written by Spark as Parquet ({@code appearances.parquet}) and JSON
 * lines ({@code appearances.jsonl}). A video that fails is its own line and row-less, never
 * the job's failure.
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
     * Runs the job; prints each video's batch line on {@code out}, in the order given. Returns
     * how many videos failed.
     */
    public static int run(SparkSession spark, JobSettings settings, List<ArchiveTask> tasks, Path outputDir, PrintWriter out) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Kept, so that the lines and the table come from one run of each task, not two.
        JavaRDD<Outcome> outcomes = jsc.parallelize(tasks, Math.max(1, tasks.size()))
                .map(t -> runTask(t, settings)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            int failed = 0;
            for (Outcome o : outcomes.collect()) {
                out.println(o.line());
                failed += o.failed() ? 1 : 0;
            }
            out.flush();
            JavaRDD<Row> rows = outcomes.flatMap(o -> o.appearances().iterator()).map(ArchiveJob::row);
            Dataset<Row> table = spark.createDataFrame(rows, SCHEMA).coalesce(1);
            table.write().mode(SaveMode.Overwrite).parquet(outputDir.resolve("appearances.parquet").toString());
            table.write().mode(SaveMode.Overwrite).json(outputDir.resolve("appearances.jsonl").toString());
            return failed;
        } finally {
            outcomes.unpersist(false);
        }
    }

    /** One video, on an executor: the CLI's code path, and its line and rows. */
    static Outcome runTask(ArchiveTask task, JobSettings settings) {
        TaskContext context = TaskContext.get();
        try {
            Recognizer recognizer = ExecutorModels.recognizer(settings);
            Recognizer.Result r = recognizer.recognize(task.input(), settings.video() ? Path.of(task.video()) : null,
                    Path.of(task.report()), index -> { }, () -> context != null && context.isInterrupted());
            List<Appearance> rows = new ArrayList<>();
            for (TrackRecord t : r.tracks()) {
                if (t.firstMs() != null) {
                    rows.add(new Appearance(task.input(), t.name(), t.id(), t.firstMs(), t.lastMs(), t.firstFrame(),
                            t.lastFrame(), t.lastFrame() - t.firstFrame() + 1, t.distance()));
                }
            }
            return new Outcome(task.input(), BatchLine.of(r), r.error() != null, r.error(), rows);
        } catch (FacerecException e) {
            return new Outcome(task.input(), BatchLine.failed(task.input(), e.getMessage()), true, e.getMessage(), List.of());
        }
    }

    private static Row row(Appearance a) {
        return RowFactory.create(a.input(), a.person(), a.track(), a.startMs(), a.endMs(), a.firstFrame(), a.lastFrame(),
                a.frames(), a.bestDistance());
    }
}
