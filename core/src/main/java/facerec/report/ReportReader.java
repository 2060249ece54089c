package facerec.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.report.ReportWriter.FrameRecord;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a report of docs/FORMATS.md as {@link ReportWriter} writes it: the header, then one
 * frame at a time, so that an hour's report costs the memory of a frame, not of the whole tree.
 * The fields after the frames (tracks, people) are left unread.
 */
public final class ReportReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the report says of its video before the frames; how it named faces (null in a
     * report of version 1, whose faces hold no embeddings).
     */
    public record Header(int version, String input, double fps, int width, int height, int frameCount, boolean complete,
            ReportWriter.Naming naming) {}

    private final Path report;
    private final JsonParser parser;
    private final Header header;
    private boolean done;

    private ReportReader(Path report) throws IOException {
        this.report = report;
        this.parser = JSON.createParser(report.toFile());
        try {
            this.header = readHeader();
        } catch (IOException | RuntimeException e) {
            parser.close();
            throw e;
        }
    }

    /** Opens a report and reads its header; fails on a file that is not a facerec report. */
    public static ReportReader open(Path report) throws IOException {
        return new ReportReader(report);
    }

    public Header header() {
        return header;
    }

    /** The next frame, in the report's order; null after the last. */
    public FrameRecord next() throws IOException {
        if (done) {
            return null;
        }
        JsonToken t = parser.nextToken();
        if (t == JsonToken.END_ARRAY) {
            done = true;
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new IOException(report + ": a frame is not an object");
        }
        return parser.readValueAs(FrameRecord.class);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** Reads up to the frames' array, which the format puts after every header field. */
    private Header readHeader() throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException(report + ": not a facerec report");
        }
        String format = null;
        int version = 0;
        ReportWriter.Naming naming = null;
        String input = null;
        double fps = 0;
        int width = 0;
        int height = 0;
        int frameCount = 0;
        boolean complete = false;
        for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "format" -> format = parser.getValueAsString();
                case "version" -> version = parser.getValueAsInt();
                case "naming" -> naming = parser.readValueAs(ReportWriter.Naming.class);
                case "input" -> input = parser.getValueAsString();
                case "fps" -> fps = parser.getValueAsDouble();
                case "width" -> width = parser.getValueAsInt();
                case "height" -> height = parser.getValueAsInt();
                case "frameCount" -> frameCount = parser.getValueAsInt();
                case "complete" -> complete = parser.getValueAsBoolean();
                case "frames" -> {
                    if (!ReportWriter.FORMAT.equals(format) || parser.currentToken() != JsonToken.START_ARRAY) {
                        throw new IOException(report + ": not a facerec report");
                    }
                    if (version < 1 || version > ReportWriter.VERSION) {
                        throw new IOException(report + ": a facerec report of version " + version
                                + ", which this facerec does not know (it reads 1 to " + ReportWriter.VERSION + ")");
                    }
                    return new Header(version, input, fps, width, height, frameCount, complete, naming);
                }
                default -> parser.skipChildren();
            }
        }
        throw new IOException(report + ": a facerec report without frames");
    }
}
