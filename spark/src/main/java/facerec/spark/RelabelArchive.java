package facerec.spark;

import facerec.FacerecException;
import facerec.cli.Main;
import facerec.export.Appearance;
import facerec.relabel.Relabel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code scripts/facerec-spark relabel}: {@code facerec relabel} over an archive that the
 * archive job wrote, a task per report: every report in the folder named again against a new
 * store (with the subtitles and EDL beside it), then the folder's table of appearances written
 * again from them. No video is decoded. The reports are files that every executor reads and
 * writes at the same path (a shared or local file system, not HDFS).
 */
@Command(name = "facerec-spark relabel", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Names the faces of an archive's reports again against a new store, on Apache Spark, as",
                "facerec relabel does, and writes the folder's table of appearances again."})
public final class RelabelArchive implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-e", "--encodings"}, required = true, paramLabel = "FILE", description = "The new store.")
    Path encodings;

    @Option(names = "--output-dir", required = true, paramLabel = "DIR",
            description = "The archive job's folder: each of its reports (*.json), and its table.")
    Path outputDir;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark's master: local[N], spark://..., yarn, k8s://.... Default: spark-submit's, else local[*].")
    String master;

    /** What a task sends back: its report's line, or why it failed; the report's rows. */
    record Relabelled(String report, String line, String error, List<Appearance> appearances) implements Serializable {}

    @Override
    public Integer call() {
        if (!Files.isRegularFile(encodings)) {
            throw new ParameterException(spec.commandLine(), "--encodings " + encodings + ": no such file");
        }
        List<String> reports = reports();
        if (reports.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no reports (*.json) in " + outputDir);
        }
        String store = encodings.toAbsolutePath().toString();
        SparkSession spark = Jobs.session("facerec relabel", master, null);
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Relabelled> done = Jobs.watched(spark,
                    watch -> jsc.parallelize(reports, reports.size()).map(r -> relabel(store, r)).collect(), () -> { },
                    "the reports relabelled by then are whole, the others and the table are as they were");
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<Appearance> rows = new ArrayList<>();
            int failed = 0;
            for (Relabelled r : done) {
                if (r.error() != null) {
                    failed++;
                    err.println("facerec: " + r.error());
                } else {
                    out.println(r.line());
                    rows.addAll(r.appearances());
                }
            }
            out.flush();
            err.flush();
            // The table is the folder's: a report that failed keeps its rows from before.
            if (failed > 0) {
                throw new FacerecException(failed + " of " + reports.size() + " reports failed (see their lines);"
                        + " the table of appearances is left as it was");
            }
            ArchiveJob.writeTable(spark, jsc.parallelize(rows, 1), outputDir.toAbsolutePath());
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** One report, on an executor. */
    static Relabelled relabel(String store, String report) {
        try {
            Relabel.Outcome o = new Relabel(Path.of(store)).relabel(Path.of(report));
            return new Relabelled(report, "relabelled " + report + ": " + o.renamed() + " of " + o.tracks().size()
                    + " tracks renamed", null, Appearance.of(o.input(), o.tracks()));
        } catch (FacerecException e) {
            return new Relabelled(report, null, e.getMessage(), List.of());
        }
    }

    private List<String> reports() {
        try (Stream<Path> files = Files.list(outputDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                    .map(f -> f.toAbsolutePath().toString()).sorted().toList();
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--output-dir " + outputDir + ": "
                    + FacerecException.reason(e));
        }
    }

    public static CommandLine commandLine() {
        return Main.configure(new CommandLine(new RelabelArchive()));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
