package facerec.spark;

import facerec.FacerecException;
import facerec.cli.EncodeCommand;
import facerec.cli.EncodingOptions;
import facerec.cli.Main;
import facerec.encode.Dataset;
import facerec.encode.DatasetEncoder;
import facerec.face.FaceSettings;
import facerec.face.Models;
import facerec.files.WriterLock;
import facerec.store.EncodingStore;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scripts/facerec-spark encode}: {@code facerec encode} for a dataset too large for one
 * machine. The photos are listed as encode lists them, cut into slices in that order, each
 * slice encoded by a task with encode's own {@link DatasetEncoder}, and the slices' faces put
 * back in order: the store is the one {@code facerec encode} writes, byte for byte.
 */
@Command(name = "facerec-spark encode", mixinStandardHelpOptions = true,
        description = {"Embeds the faces in DATASET/<person>/<photos> on Apache Spark and writes",
                "the store that facerec encode writes: its options, plus --master."})
public final class EncodeDataset implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "One folder per person.")
    Path dataset;

    @Option(names = "--encodings", required = true, paramLabel = "FILE", description = "The store to write (JSON).")
    Path encodings;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark's master: local[N], spark://..., yarn, k8s://.... Default: spark-submit's, else local[*].")
    String master;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Mixin
    EncodingOptions encoding;

    /** A photo as a task gets it (a path as text: paths do not serialize). */
    record PhotoSpec(String person, String file, String relative, String skip) implements Serializable {}

    /** What a slice's task sends back. */
    record Slice(List<EncodingStore.StoredFace> faces, List<EncodingStore.Skipped> skipped, List<String> notes)
            implements Serializable {}

    /** Photos per task at least: a task loads the models once, which costs about a second. */
    static final int MIN_SLICE = 64;

    @Override
    public Integer call() {
        // As encode does: a second job writing this store fails at once, rather than replace the first's.
        try (WriterLock lock = WriterLock.take(encodings)) {
            return encode();
        }
    }

    private int encode() {
        FaceSettings settings = encoding.settings();
        long start = System.nanoTime();
        List<Dataset.Photo> photos = EncodeCommand.photos(spec, dataset, encodings);
        // Resolved here: an executor's JVM has neither the driver's $FACEREC_MODELS nor its folder.
        String models = Models.locate(encoding.models()).dir().toAbsolutePath().toString();
        String encoderSha = Models.locate(encoding.models()).encoderSha256();
        List<PhotoSpec> specs = photos.stream()
                .map(p -> new PhotoSpec(p.person(), p.file().toAbsolutePath().toString(), p.relative(), p.skip())).toList();
        // --threads is the workers per slice: each task's cores.
        SparkSession spark = Jobs.session("facerec encode", master, encoding.threadsGiven());
        List<Slice> slices;
        try {
            int cpus = Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            // Every core gets a slice; past that, slices of MIN_SLICE photos balance the load.
            int count = Math.max(1, Math.max(Math.min(specs.size(), jsc.defaultParallelism()),
                    (specs.size() + MIN_SLICE - 1) / MIN_SLICE));
            DatasetEncoder.MultiFace multiFace = encoding.multiFace();
            // Slices keep the photos' order, and collect keeps the slices': the store's order is encode's.
            slices = Jobs.watched(spark, watch -> jsc.parallelize(specs, count)
                    .mapPartitions(it -> List.of(encode(it, models, settings, multiFace, cpus)).iterator()).collect(),
                    () -> { }, "no store is written");
        } finally {
            spark.stop();
        }
        List<EncodingStore.StoredFace> faces = new ArrayList<>();
        List<EncodingStore.Skipped> skipped = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Slice s : slices) {
            faces.addAll(s.faces());
            skipped.addAll(s.skipped());
            notes.addAll(s.notes());
        }
        // Over the whole dataset: two copies of one photo may lie in two slices.
        facerec.encode.Conflicts.Resolved resolved = facerec.encode.Conflicts.resolve(faces, skipped);
        DatasetEncoder.Result result = new DatasetEncoder.Result(new EncodingStore(
                EncodingStore.ModelInfo.of(encoderSha, settings), resolved.faces(), resolved.skipped()), notes, photos.size());
        if (resolved.faces().isEmpty()) {
            EncodeCommand.printSummary(spec.commandLine().getOut(), result, null, 0);
            throw new FacerecException("no face found in " + dataset + ": " + encodings + " left as it was");
        }
        result.store().write(encodings);
        EncodeCommand.printSummary(spec.commandLine().getOut(), result, encodings, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** One slice, on an executor: encode's own encoder, with the task's cores. */
    private static Slice encode(Iterator<PhotoSpec> slice, String models, FaceSettings settings,
            DatasetEncoder.MultiFace multiFace, int cpus) {
        List<Dataset.Photo> photos = new ArrayList<>();
        slice.forEachRemaining(p -> photos.add(new Dataset.Photo(p.person(), Path.of(p.file()), p.relative(), p.skip())));
        DatasetEncoder.Result r = new DatasetEncoder(ExecutorModels.models(models), settings, multiFace, cpus)
                .encode(photos, () -> { });
        return new Slice(new ArrayList<>(r.store().faces()), new ArrayList<>(r.store().skipped()), new ArrayList<>(r.notes()));
    }

    /** The configured command line, as facerec's: one-line errors, exit codes 0, 1 and 2. */
    public static CommandLine commandLine() {
        return Main.configure(new CommandLine(new EncodeDataset()));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
