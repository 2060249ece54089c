package facerec.spark;

import facerec.cli.Main;
import facerec.cli.OutputPaths;
import facerec.cli.RecognitionOptions;
import facerec.face.Models;
import facerec.recognize.Inputs;
import facerec.recognize.Recognizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code scripts/facerec-spark}: {@code facerec recognize --output-dir DIR INPUT...} as a Spark
 * job. The same options and inputs, and the same files in DIR (a video and a report per input,
 * named as the CLI names them), a batch line per input on stdout, and the archive's table of
 * appearances. On a cluster, {@code spark-submit --class facerec.spark.RecognizeArchive} runs
 * it (README, "A video archive on Spark").
 */
@Command(name = "facerec-spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recognizes a video archive on Apache Spark, as facerec recognize --output-dir",
                "DIR INPUT... does (the same options, plus --master), and writes the table of",
                "appearances into DIR (appearances.parquet, appearances.jsonl)."})
public final class RecognizeArchive implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--encodings", required = true, paramLabel = "FILE", description = "The store written by encode.")
    Path encodings;

    @Option(names = "--output-dir", required = true, paramLabel = "DIR",
            description = "A video and a report per input here, and the table of appearances.")
    Path outputDir;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark's master: local[N], spark://..., yarn, k8s://.... Default: spark-submit's, else local[*].")
    String master;

    @Option(names = "--no-video", description = "Write only the reports and the table, not the annotated videos.")
    boolean noVideo;

    @Option(names = "--range-seconds", paramLabel = "S", defaultValue = "600",
            description = "A video longer than one and a half times this is cut into ranges of about this length, "
                    + "each a task, joined back into its report and video (without audio); 0 never cuts. "
                    + "Default: ${DEFAULT-VALUE}.")
    double rangeSeconds;

    @Option(names = "--executor-wait", paramLabel = "S",
            description = "On a cluster, end the job with an error when it has had no executor for this long (its"
                    + " workers gone). Default: spark-submit's --conf " + ExecutorWatch.SETTING + ", else "
                    + ExecutorWatch.DEFAULT_SECONDS + ".")
    Integer executorWait;

    @Option(names = "--quiet", description = "Accepted as recognize accepts it: the job shows no progress bar.")
    boolean quiet;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Mixin
    RecognitionOptions recognition;

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Video files, folders or globs.")
    List<String> inputs = new ArrayList<>();

    @Override
    public Integer call() {
        for (String in : inputs) {
            if (!Inputs.isUrl(in) && !Files.exists(Path.of(in)) && !in.matches(".*[*?\\[{].*")) {
                throw usage("input " + in + ": no such file");
            }
        }
        if (!Files.isRegularFile(encodings)) {
            throw usage("--encodings " + encodings + ": no such file");
        }
        if (!(rangeSeconds >= 0)) {
            throw usage("--range-seconds must be 0 or more, not " + rangeSeconds);
        }
        if (executorWait != null && executorWait < 1) {
            throw usage("--executor-wait must be 1 second or more, not " + executorWait);
        }
        // --threads is the workers per video, as in recognize: each task's cores.
        SparkSession spark = Jobs.session("facerec", master, recognition.threadsGiven(), executorWait);
        // From the JVM's start: what spark-submit or scripts/facerec-spark costs before a task.
        double sparkSeconds = (System.currentTimeMillis()
                - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        try {
            // Folders on HDFS or S3 are listed with the job's Hadoop settings.
            List<String> expanded = HadoopInputs.expand(inputs, spark.sparkContext().hadoopConfiguration());
            if (expanded.isEmpty()) {
                throw usage("no inputs found in " + String.join(" ", inputs));
            }
            List<ArchiveTask> tasks = tasks(expanded);
            // Each task's native threads: the cores Spark gives it.
            int cpus = Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
            Recognizer.Options options = recognition.toOptions(cpus, false);
            // Resolved here: an executor's JVM has neither the driver's $FACEREC_MODELS nor its folder.
            String models = Models.locate(recognition.models()).dir().toAbsolutePath().toString();
            JobSettings settings = new JobSettings(encodings.toAbsolutePath().toString(), models, options, !noVideo,
                    rangeSeconds, Path.of("").toAbsolutePath().toString());
            ArchiveJob.Run run = ArchiveJob.run(spark, settings, tasks, outputDir.toAbsolutePath(), spec.commandLine().getOut());
            if (!quiet) {
                // The job's fixed costs apart (scripts/bench-spark.sh reads this line).
                spec.commandLine().getErr().printf(java.util.Locale.ROOT,
                        "facerec-spark: Spark's start %.1f s, %s, the tasks %.1f s, the table %.1f s%n", sparkSeconds,
                        Double.isNaN(run.firstExecutorSeconds()) ? "its executor the driver"
                                : String.format(java.util.Locale.ROOT, "its first executor %.1f s later",
                                        run.firstExecutorSeconds()), run.taskSeconds(), run.tableSeconds());
            }
            if (run.failed() > 0) {
                throw new facerec.FacerecException(run.failed() + " of " + tasks.size() + " inputs failed (see their lines)");
            }
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** The CLI's batch outputs: named by the input's stem, made unique; none may be an input or the store. */
    private List<ArchiveTask> tasks(List<String> expanded) {
        List<ArchiveTask> tasks = new ArrayList<>();
        Map<String, Path> in = new LinkedHashMap<>();
        Map<String, Path> out = new LinkedHashMap<>();
        in.put("--encodings", encodings);
        for (OutputPaths.BatchOutput o : OutputPaths.batchOutputs(outputDir.toAbsolutePath(), expanded)) {
            Path file = OutputPaths.inputFile(o.input());
            if (file != null) {
                in.put("input " + o.input(), file);
            }
            out.put("the video of " + o.input(), o.video());
            out.put("the report of " + o.input(), o.report());
            tasks.add(new ArchiveTask(o.input(), o.video().toString(), o.report().toString(), null, null, null, 0));
        }
        OutputPaths.clash(in, out).ifPresent(message -> {
            throw usage(message);
        });
        return tasks;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The configured command line, as facerec's: one-line errors, exit codes 0, 1 and 2. */
    public static CommandLine commandLine() {
        return Main.configure(new CommandLine(new RecognizeArchive()));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
