package facerec.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import facerec.files.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The appearances as CSV (RFC 4180: a header, CRLF line ends, text quoted, a quote doubled),
 * with the archive table's columns. A name or an input is data: a cell that a spreadsheet would
 * take for a formula ({@code =}, {@code +}, {@code -}, {@code @}, or a tab or CR before one,
 * OWASP's list) gets a leading {@code '}, which spreadsheets show as text and do not run.
 */
public final class AppearanceCsv {
    public static final List<String> COLUMNS = List.of("input", "person", "track", "start_ms", "end_ms", "first_frame",
            "last_frame", "frames", "best_distance");

    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();

    private AppearanceCsv() {}

    /** Writes the file whole, or leaves what was there. */
    public static void write(Path file, List<Appearance> rows) {
        AtomicFiles.write(file, out -> write(out, rows));
    }

    static void write(OutputStream out, List<Appearance> rows) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\r\n");
        COLUMNS.forEach(schema::addColumn);
        try (SequenceWriter w = MAPPER.writer(schema.build()).writeValues(out)) {
            for (Appearance a : rows) {
                w.write(new Object[] {text(a.input()), text(a.person()), a.track(), a.startMs(), a.endMs(),
                        a.firstFrame(), a.lastFrame(), a.frames(), a.bestDistance()});
            }
        }
    }

    /** A text cell, defused if a spreadsheet would evaluate it. */
    static String text(String cell) {
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            return "'" + cell;
        }
        return cell;
    }
}
