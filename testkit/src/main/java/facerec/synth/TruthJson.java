package facerec.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.FacerecException;
import java.io.IOException;
import java.nio.file.Path;

/** Ground-truth files as JSON, written and read with one message that names the file. */
final class TruthJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TruthJson() {}

    static void write(Path file, Object truth) {
        try {
            JSON.writeValue(file.toFile(), truth);
        } catch (IOException e) {
            throw new FacerecException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static <T> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new FacerecException("cannot read ground truth " + file + ": " + e.getMessage(), e);
        }
    }
}
