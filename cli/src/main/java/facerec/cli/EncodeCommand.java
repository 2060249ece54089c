package facerec.cli;

import facerec.FacerecException;
import facerec.encode.Dataset;
import facerec.encode.DatasetEncoder;
import facerec.face.FaceSettings;
import facerec.face.Models;
import facerec.face.StageTimes;
import facerec.files.WriterLock;
import facerec.store.EncodingStore;
import facerec.store.EncodingStore.StoredFace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code facerec encode}: photos of known people in, embedding store out. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Embeds the faces in DATASET/<person>/<photos> and writes the embedding store.",
                "The folder name is the person's name; sub-folders are walked, hidden files ignored."})
public final class EncodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Option(names = {"-i", "--dataset"}, required = true, paramLabel = "DIR", description = "One folder per person.")
    Path dataset;

    @Option(names = {"-e", "--encodings"}, required = true, paramLabel = "FILE", description = "The store to write (JSON).")
    Path encodings;

    @Mixin
    EncodingOptions encoding;

    @Override
    public Integer call() {
        FaceSettings settings = encoding.settings();
        int workers = encoding.threads();
        long start = System.nanoTime();
        List<Dataset.Photo> photos = photos(spec, dataset, encodings);
        DatasetEncoder encoder = new DatasetEncoder(Models.locate(encoding.models()), settings, encoding.multiFace(), workers);
        DatasetEncoder.Result result;
        // A second encode of the same store fails here, before any work, rather than replace
        // this one's store with its own when it ends.
        try (WriterLock lock = WriterLock.take(encodings); Interrupts interrupts = Interrupts.watch()) {
            OutputPaths.removeStale(spec.commandLine().getErr(), Map.of(encodings, encodings.toString()));
            try (ProgressBar bar = Options.progress("encode", photos.size(), false)) {
                result = encoder.encode(photos, bar == null ? () -> {} : bar::step, interrupts::requested);
            } catch (FacerecException e) {
                throw interrupts.requested() ? new FacerecException(e.getMessage() + ": " + encodings + " left as it was", e) : e;
            }
            if (result.store().faces().isEmpty()) {
                // Writing would replace a good store with an empty one.
                printSummary(result, (System.nanoTime() - start) / 1e9, false);
                throw new FacerecException("no face found in " + dataset + ": " + encodings + " left as it was");
            }
            result.store().write(encodings);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        printSummary(result, seconds, true);
        if (main.verbose) {
            StageTimes t = encoder.times();
            spec.commandLine().getErr().printf(
                    "timing: %d photos in %.2f s (%.2f photos/s, %d threads); decode %.0f ms, detect %.0f ms, align %.0f ms, embed %.0f ms (summed over threads)%n",
                    result.photos(), seconds, result.photos() / seconds, workers, StageTimes.ms(t.decodeNanos),
                    StageTimes.ms(t.detectNanos), StageTimes.ms(t.alignNanos), StageTimes.ms(t.embedNanos));
        }
        return 0;
    }

    /**
     * The dataset's photos, in encode's order, once the paths are checked: the dataset is a
     * folder, and the store is none of its photos (usage errors, exit 2).
     */
    public static List<Dataset.Photo> photos(CommandSpec spec, Path dataset, Path encodings) {
        if (!Files.isDirectory(dataset)) {
            throw new ParameterException(spec.commandLine(), "--dataset " + dataset + ": no such folder");
        }
        List<Dataset.Photo> photos = Dataset.photos(dataset);
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--dataset", dataset);
        photos.forEach(p -> inputs.put("the photo " + p.file(), p.file()));
        OutputPaths.clash(inputs, Map.of("--encodings", encodings)).ifPresent(message -> {
            throw new ParameterException(spec.commandLine(), message);
        });
        return photos;
    }

    /** A line per person, {@code name: N faces}, in name order; returns the counts. */
    static Map<String, Integer> printFaces(PrintWriter out, List<StoredFace> faces) {
        Map<String, Integer> perPerson = new TreeMap<>();
        for (StoredFace f : faces) {
            perPerson.merge(f.name(), 1, Integer::sum);
        }
        perPerson.forEach((name, n) -> out.printf("%s: %d face%s%n", Printable.of(name), n, n == 1 ? "" : "s"));
        return perPerson;
    }

    private void printSummary(DatasetEncoder.Result result, double seconds, boolean written) {
        printSummary(spec.commandLine().getOut(), result, written ? encodings : null, seconds);
    }

    /**
     * What encode prints: faces per person, the photos skipped and why, the notes, and, when
     * the store was written ({@code written} not null), one line on it. The Spark job's encode prints the same.
     */
    public static void printSummary(PrintWriter out, DatasetEncoder.Result result, Path written, double seconds) {
        Map<String, Integer> perPerson = printFaces(out, result.store().faces());
        for (EncodingStore.Skipped s : result.store().skipped()) {
            out.printf("skipped %s: %s%n", Printable.of(s.image()), Printable.of(s.reason()));
        }
        result.notes().forEach(n -> out.println("note " + Printable.of(n)));
        if (written != null) {
            out.printf("wrote %s: %d faces of %d people from %d photos (%d skipped) in %.1f s%n",
                    Printable.of(written.toString()),
                    result.store().faces().size(), perPerson.size(), result.photos(), result.store().skipped().size(),
                    seconds);
        }
        out.flush();
    }
}
