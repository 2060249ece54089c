package facerec.cli;

import facerec.FacerecException;
import facerec.export.Appearance;
import facerec.export.AppearanceCsv;
import facerec.files.WriterLock;
import facerec.relabel.Relabel;
import facerec.report.Timeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code facerec relabel}: finished reports named again against a new store, from the
 * embeddings they hold, without decoding their videos. The loop it closes: recognize an archive
 * with {@code --unknowns}, rename a folder into the dataset, encode, relabel the archive.
 */
@Command(name = "relabel", mixinStandardHelpOptions = true,
        description = {"Names the faces of reports again against a new store, from the embeddings the reports hold:",
                "the run's voting and tolerance, no video decoded. Rewrites each report, and the subtitles and EDL",
                "beside it (clip.vtt, clip.srt, clip.edl for clip.json)."})
final class RelabelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-e", "--encodings"}, required = true, paramLabel = "FILE", description = "The new store (encode's JSON).")
    Path encodings;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Also write one table of the appearances of all the reports relabelled (as recognize --csv).")
    Path csv;

    @Parameters(arity = "1..*", paramLabel = "REPORT", description = "Reports that recognize wrote (--report, or --output-dir's .json).")
    List<Path> reports;

    @Override
    public Integer call() {
        String storeNotAFile = OutputPaths.notAFile(encodings);
        if (storeNotAFile != null) {
            usage(encodings + ": " + storeNotAFile);
        }
        Map<String, Path> inputs = Map.of("--encodings", encodings);
        if (csv != null) {
            OutputPaths.clash(inputs, Map.of("--csv", csv)).ifPresent(this::usage);
            reports.forEach(r -> OutputPaths.clash(Map.of("a report", r), Map.of("--csv", csv)).ifPresent(this::usage));
        }
        List<Path> distinct = new ArrayList<>();
        for (Path r : reports) {
            OutputPaths.clash(inputs, Map.of("the report", r)).ifPresent(this::usage);
            if (distinct.stream().anyMatch(d -> OutputPaths.identity(d).equals(OutputPaths.identity(r)))) {
                usage("the report " + r + " is given twice");
            }
            distinct.add(r);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Relabel relabel = new Relabel(encodings);
        List<Appearance> rows = new ArrayList<>();
        int failed = 0;
        for (Path r : reports) {
            String notAFile = OutputPaths.notAFile(r);
            try {
                if (notAFile != null) {
                    throw new FacerecException(r + ": " + notAFile);
                }
                Relabel.Outcome o;
                try (WriterLock lock = WriterLock.take(r)) {
                    o = relabel.relabel(r);
                }
                rows.addAll(Appearance.of(o.input(), o.tracks()));
                o.notes().forEach(n -> err.println("facerec: note: " + Printable.of(n)));
                out.printf("relabelled %s: %d of %d tracks renamed; %s%n", Printable.of(r.toString()), o.renamed(),
                        o.tracks().size(), people(o.people()));
            } catch (FacerecException e) {
                failed++;
                err.println("facerec: " + Printable.of(e.getMessage()));
            }
            out.flush();
            err.flush();
        }
        if (csv != null) {
            AppearanceCsv.write(csv, rows);
        }
        return failed == 0 ? 0 : 1;
    }

    private static String people(List<Timeline.Person> people) {
        return people.isEmpty() ? "nobody named"
                : people.stream().map(p -> Printable.of(p.name()) + " " + p.frames() + " frames").collect(Collectors.joining(", "));
    }

    private void usage(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }
}
