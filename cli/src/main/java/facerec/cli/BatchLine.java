package facerec.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.recognize.Recognizer;
import facerec.report.Timeline;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch line (docs/FORMATS.md): one JSON object per input on stdout, for scripts; the
 * same from {@code recognize --output-dir} and from the Spark job.
 */
public final class BatchLine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchLine() {}

    /** The line of an input that was read, to its end or as far as it could be. */
    public static String of(Recognizer.Result r) {
        return of(r.input(), r.output(), r.report(), r.frames(), r.complete(), r.people(), r.seconds(), r.error());
    }

    /** The same, of a run made of parts (a video's ranges, joined); {@code output} and {@code error} may be null. */
    public static String of(String input, Path output, Path report, int frames, boolean complete,
            List<Timeline.Person> people, double seconds, String error) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("input", input);
        if (output != null) {
            line.put("output", output.toString());
        }
        if (report != null) {
            line.put("report", report.toString());
        }
        line.put("frames", frames);
        line.put("complete", complete);
        line.put("people", people.stream().map(BatchLine::person).toList());
        line.put("seconds", Math.round(seconds * 1000) / 1000.0);
        line.put("status", error == null ? "ok" : "failed");
        if (error != null) {
            line.put("error", error);
        }
        return json(line);
    }

    /** The line of an input that failed before anything was written. */
    public static String failed(String input, String error) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("input", input);
        line.put("status", "failed");
        line.put("error", error);
        return json(line);
    }

    private static Map<String, Object> person(Timeline.Person p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("frames", p.frames());
        m.put("firstMs", p.firstMs());
        m.put("lastMs", p.lastMs());
        return m;
    }

    private static String json(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
