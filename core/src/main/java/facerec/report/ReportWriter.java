package facerec.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import facerec.FacerecException;
import facerec.files.AtomicFiles;
import facerec.files.Temporaries;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the report of docs/FORMATS.md ("The report"). Frames go to a hidden spool file as they come (one line
 * each), so a long video costs disk, not memory; {@link #finish} then writes the report in
 * the contract's field order and moves it into place atomically.
 */
public final class ReportWriter implements AutoCloseable {
    public static final String FORMAT = "facerec-report";
    /** 2: faces carry their embeddings and the report says how it named them ({@link Naming}). */
    public static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private final Path report;
    private final Path spool;
    private final BufferedWriter frames;
    private final String input;
    private final double fps;
    private final int width;
    private final int height;
    private final Naming naming;
    private int frameCount;

    /**
     * How the run named faces, which a relabel repeats with another store: the encoder whose
     * embeddings these are (another's never compare), the tolerance, the gap that joins
     * appearances, whether each face was named by its own embedding rather than by its
     * track's vote, and whether the video masked faces (its subtitles then name only some).
     */
    public record Naming(String encoder, String encoderSha256, double tolerance, double gapSeconds, boolean perFrame,
            boolean redacted) {}

    /** @param naming null for a report that cannot be named again (none of the product's runs) */
    public ReportWriter(Path report, String input, double fps, int width, int height, Naming naming) {
        this.report = report;
        this.naming = naming;
        this.input = input;
        this.fps = fps;
        this.width = width;
        this.height = height;
        try {
            Path dir = report.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            this.spool = Temporaries.create(report, ".frames");
            this.frames = Files.newBufferedWriter(spool, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FacerecException("cannot write " + report + ": " + FacerecException.reason(e), e);
        }
    }

    /** One frame of the report: faces in frame pixels. */
    public record FrameRecord(int index, double timeMs, List<FaceRecord> faces) {}

    /** One decoded frame, in order, with or without faces. */
    public void frame(int index, double timeMs, List<FaceRecord> faces) {
        try {
            frames.write(JSON.writeValueAsString(new FrameRecord(index, timeMs, faces)));
            frames.write('\n');
            frameCount++;
        } catch (IOException e) {
            throw new FacerecException("cannot write " + report + ": " + FacerecException.reason(e), e);
        }
    }

    /** Writes the report: header, every frame, then who appears when. */
    public void finish(boolean complete, List<Timeline.Person> people, Map<String, Object> extra) {
        try {
            frames.close();
        } catch (IOException e) {
            throw new FacerecException("cannot write " + report + ": " + FacerecException.reason(e), e);
        }
        AtomicFiles.write(report, out -> {
            try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8);
                    BufferedReader lines = Files.newBufferedReader(spool, StandardCharsets.UTF_8)) {
                g.setCodec(JSON);
                g.writeStartObject();
                g.writeStringField("format", FORMAT);
                g.writeNumberField("version", VERSION);
                g.writeStringField("input", input);
                g.writeNumberField("fps", fps);
                g.writeNumberField("width", width);
                g.writeNumberField("height", height);
                g.writeNumberField("frameCount", frameCount);
                g.writeBooleanField("complete", complete);
                if (naming != null) {
                    g.writeObjectField("naming", naming);
                }
                g.writeFieldName("frames");
                g.writeStartArray();
                boolean first = true;
                for (String line; (line = lines.readLine()) != null; first = false) {
                    g.writeRaw((first ? "\n" : ",\n") + line);
                }
                g.writeRaw("\n");
                g.writeEndArray();
                for (Map.Entry<String, Object> e : extra.entrySet()) {
                    g.writeObjectField(e.getKey(), e.getValue());
                }
                g.writeObjectField("people", people);
                g.writeEndObject();
                g.writeRaw("\n");
            }
        });
        close();
    }

    /** Drops the spool file; the report itself, if finished, stays. */
    @Override
    public void close() {
        try {
            frames.close();
            Files.deleteIfExists(spool);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
