package facerec.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import facerec.recognize.TrackRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppearanceCsvTest {
    @Test
    void namesAreQuotedAsRfc4180SaysAndFormulasAreDefused() throws Exception {
        List<String> names = List.of("=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "a, \"b\"\r\nc", "ann");
        List<Appearance> rows = names.stream().map(n -> new Appearance("-in.mp4", n, 1, 0, 40, 0, 1, 2, null)).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AppearanceCsv.write(out, rows);
        String csv = out.toString(StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\"input\",\"person\",\"track\",\"start_ms\",\"end_ms\",\"first_frame\",\"last_frame\","
                + "\"frames\",\"best_distance\"\r\n\"'-in.mp4\",\"'=cmd|' /C calc'!A0\",1,0.0,40.0,0,1,2,\r\n"), csv);
        assertTrue(csv.contains("\"a, \"\"b\"\"\r\nc\""), csv);
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(csv)) {
            List<String[]> read = it.readAll();
            assertEquals(AppearanceCsv.COLUMNS, Arrays.asList(read.get(0)));
            List<String> back = read.subList(1, read.size()).stream().map(r -> r[1]).toList();
            assertEquals(List.of("'=cmd|' /C calc'!A0", "'+1", "'-2", "'@SUM(A1)", "'\tx", "a, \"b\"\r\nc", "ann"), back);
        }
    }

    @Test
    void aRowIsATrackThatWasShown() {
        List<TrackRecord> tracks = List.of(new TrackRecord(0, "ann", 10, 19, 400.0, 760.0, 3, 4, 0.31),
                new TrackRecord(1, "Unknown", 20, 20, null, null, 0, 1, null));
        assertEquals(List.of(new Appearance("in", "ann", 0, 400, 760, 10, 19, 10, 0.31)), Appearance.of("in", tracks));
    }
}
