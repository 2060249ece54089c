package facerec.relabel;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.FacerecException;
import facerec.export.EdlSink;
import facerec.export.SubtitleSink;
import facerec.export.Subtitles;
import facerec.recognize.Sink;
import facerec.recognize.TrackRecord;
import facerec.report.FaceRecord;
import facerec.report.ReportReader;
import facerec.report.ReportWriter;
import facerec.report.Timeline;
import facerec.store.Gallery;
import facerec.store.Matcher;
import facerec.store.Votes;
import facerec.video.VideoReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names a report's tracks again against another store, as the run that made the report would
 * have with that store: each embedding of a track is matched with the run's tolerance, and the
 * track takes the vote of as many of its first embeddings as had voted when the run showed it
 * ({@code settledBy}), so that a relabel gives the names of a full run, in milliseconds instead
 * of minutes. Tracks and boxes do not depend on the store (a track is linked by its embeddings'
 * distances to each other), so they stay as they are. The report is rewritten atomically, with
 * the subtitles and the EDL beside it that a batch run wrote ({@code clip.vtt}, {@code clip.srt},
 * {@code clip.edl} for {@code clip.json}); one instance per thread.
 */
public final class Relabel {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One report named again: its input, its tracks and people as they are now, how many tracks
     * changed their name, the files rewritten, and what the user should know in one line each.
     */
    public record Outcome(Path report, String input, List<TrackRecord> tracks, List<Timeline.Person> people, int renamed,
            List<Path> rewritten, List<String> notes) {}

    private final Path storePath;
    private final Map<Double, Gallery> stores = new HashMap<>();

    public Relabel(Path storePath) {
        this.storePath = storePath;
    }

    /** Names {@code report}'s faces again; a report that cannot be is refused with one line, and left as it was. */
    public Outcome relabel(Path report) {
        try {
            return run(report);
        } catch (IOException e) {
            throw new FacerecException("cannot relabel " + report + ": " + FacerecException.reason(e), e);
        }
    }

    private Outcome run(Path report) throws IOException {
        ReportReader.Header header;
        try (ReportReader r = ReportReader.open(report)) {
            header = r.header();
        }
        ReportWriter.Naming naming = header.naming();
        if (naming == null) {
            throw new FacerecException(report + " holds no embeddings (a report of version " + header.version()
                    + "): run recognize again to relabel it");
        }
        if (!(naming.tolerance() > 0 && naming.tolerance() <= 1) || !(naming.gapSeconds() >= 0)
                || Double.isInfinite(naming.gapSeconds()) || naming.encoder() == null || naming.encoderSha256() == null) {
            throw new FacerecException(report + ": its naming (tolerance " + naming.tolerance() + ", gap "
                    + naming.gapSeconds() + ") is not a recognize run's");
        }
        Gallery store = store(naming.tolerance());
        if (!naming.encoder().equals(store.model().encoder()) || !naming.encoderSha256().equals(store.model().encoderSha256())) {
            throw new FacerecException(report + " was made by another encoder (" + naming.encoder() + " "
                    + naming.encoderSha256() + ") than " + storePath + " (" + store.model().encoder() + " "
                    + store.model().encoderSha256() + "): embeddings of two models never compare");
        }
        Matcher matcher = store.matcher();
        Map<Integer, TrackRecord> tracks = new LinkedHashMap<>();
        for (TrackRecord t : tracks(report)) {
            tracks.put(t.id(), t);
        }

        // The votes: of the embeddings that settled each name, and of all (for votes and distance).
        Map<Integer, Votes> settling = new HashMap<>();
        Map<Integer, Votes> all = new HashMap<>();
        try (ReportReader r = ReportReader.open(report)) {
            for (ReportWriter.FrameRecord f; (f = r.next()) != null; ) {
                for (FaceRecord face : f.faces()) {
                    TrackRecord t = face.track() == null ? null : tracks.get(face.track());
                    if (face.embedding() == null || t == null) {
                        continue;
                    }
                    check(report, f.index(), face);
                    Matcher.Match m = matcher.match(face.embeddingValues());
                    all.computeIfAbsent(t.id(), id -> new Votes()).add(m);
                    Votes s = settling.computeIfAbsent(t.id(), id -> new Votes());
                    if (naming.perFrame() || t.settledBy() == null || s.cast() < t.settledBy()) {
                        s.add(m);
                    }
                }
            }
        }
        Map<Integer, TrackRecord> named = new LinkedHashMap<>();
        Map<Integer, Votes.Tally> shown = new HashMap<>();
        int renamed = 0;
        for (TrackRecord t : tracks.values()) {
            Votes s = settling.get(t.id());
            if (s == null || s.cast() == 0) {
                // No embedding of it is in the report, or it claims none voted: nothing to vote with.
                named.put(t.id(), t);
                continue;
            }
            String name = s.winner();
            Votes.Tally tally = all.get(t.id()).of(name);
            TrackRecord n = t.renamed(name, tally.wins(), round(tally.distance()));
            renamed += n.name().equals(t.name()) ? 0 : 1;
            named.put(t.id(), n);
            shown.put(t.id(), tally);
        }

        List<Path> rewritten = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Sink> sinks = new ArrayList<>();
        String stem = stem(report);
        for (Subtitles.Format format : Subtitles.Format.values()) {
            Path file = beside(report, stem + "." + format.name().toLowerCase(java.util.Locale.ROOT));
            if (file == null) {
                continue;
            }
            if (naming.redacted()) {
                notes.add(file + " is left as it was: the run masked faces in its video, and which names its"
                        + " subtitles may show is the run's");
            } else {
                sinks.add(new SubtitleSink(file, format, name -> true));
                rewritten.add(file);
            }
        }
        Path edl = beside(report, stem + ".edl");
        if (edl != null) {
            sinks.add(new EdlSink(edl, header.input()));
            rewritten.add(edl);
        }
        Path page = beside(report, stem + ".html");
        if (page != null) {
            notes.add(page + " is left as it was: its pictures come from the video (run recognize --html again)");
        }
        rewritten.add(0, report);

        Timeline timeline = new Timeline(naming.gapSeconds());
        ReportWriter writer = new ReportWriter(report, header.input(), header.fps(), header.width(), header.height(), naming);
        try (ReportReader r = ReportReader.open(report)) {
            sinks.forEach(s -> s.start(header.width(), header.height(), header.fps()));
            for (ReportWriter.FrameRecord f; (f = r.next()) != null; ) {
                List<FaceRecord> faces = new ArrayList<>(f.faces().size());
                for (FaceRecord face : f.faces()) {
                    faces.add(named(face, named, shown, matcher, naming.perFrame()));
                }
                writer.frame(f.index(), f.timeMs(), faces);
                timeline.add(f.timeMs(), faces.stream().map(FaceRecord::name).toList());
                // The exports read a frame's time and faces, never its pixels.
                VideoReader.Picture picture = new VideoReader.Picture(null, f.timeMs());
                int index = f.index();
                sinks.forEach(s -> s.accept(index, picture, faces));
            }
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        List<TrackRecord> records = List.copyOf(named.values());
        List<Timeline.Person> people = timeline.people();
        Sink.Summary summary = new Sink.Summary(header.complete(), people, records);
        try {
            sinks.forEach(s -> s.finish(summary));
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
        writer.finish(header.complete(), people, Map.of("tracks", records));
        return new Outcome(report, header.input(), records, people, renamed, rewritten, notes);
    }

    /**
     * A face under its track's new name, with the distance and votes of that name's nearest match
     * among the track's embeddings (a run gives a face those of the matches made by the time it
     * is shown, which grow as the track goes on); with per-frame naming, a detected face under its
     * own match.
     */
    private static FaceRecord named(FaceRecord face, Map<Integer, TrackRecord> tracks, Map<Integer, Votes.Tally> shown,
            Matcher matcher, boolean perFrame) {
        if (perFrame && face.embedding() != null) {
            Matcher.Match m = matcher.match(face.embeddingValues());
            return face.renamed(m.name(), round(m.distance()), m.votes());
        }
        Votes.Tally tally = face.track() == null ? null : shown.get(face.track());
        if (tally == null) {
            return face;
        }
        return face.renamed(tracks.get(face.track()).name(), round(tally.distance()), tally.votes());
    }

    /** A hand-edited report's embedding could match nobody, or everybody: the store's own rules. */
    private static void check(Path report, int frame, FaceRecord face) {
        float[] e = face.embedding();
        double sum = 0;
        for (float v : e) {
            sum += (double) v * v;
        }
        double length = Math.sqrt(sum);
        if (e.length != facerec.store.EncodingStore.DIMENSIONS || !(length >= 0.1 && length <= 10)) {
            throw new FacerecException(report + ": frame " + frame + " has an embedding of " + e.length
                    + " numbers and length " + (float) length + ", not a face's (128 numbers, length 0.1 to 10)");
        }
    }

    private Gallery store(double tolerance) {
        return stores.computeIfAbsent(tolerance, t -> {
            Gallery g = Gallery.load(storePath, t);
            if (g.faces() == 0) {
                throw new FacerecException(storePath + " has no faces: nobody to recognize");
            }
            return g;
        });
    }

    /** The report's tracks, after its frames (which are skipped, not read). */
    static List<TrackRecord> tracks(Path report) throws IOException {
        try (JsonParser p = JSON.createParser(report.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a facerec report");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("tracks")) {
                    TrackRecord[] tracks = p.readValueAs(TrackRecord[].class);
                    return tracks == null ? List.of() : List.of(tracks);
                }
                p.skipChildren();
            }
        }
        throw new IOException("a report without tracks");
    }

    private static String stem(Path report) {
        String name = report.getFileName().toString();
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }

    /** A file of the run beside the report, or null: a link is not followed, and not written through. */
    private static Path beside(Path report, String name) {
        Path dir = report.toAbsolutePath().getParent();
        Path file = report.getParent() == null ? Path.of(name) : report.getParent().resolve(name);
        return dir != null && Files.isRegularFile(dir.resolve(name), LinkOption.NOFOLLOW_LINKS) ? file : null;
    }

    private static double round(double d) {
        return Math.round(d * 1e4) / 1e4;
    }
}
