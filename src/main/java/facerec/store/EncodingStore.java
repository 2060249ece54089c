package facerec.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import facerec.FacerecException;
import facerec.face.Box;
import facerec.face.FaceSettings;
import facerec.face.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The embedding store of docs/FORMATS.md: which model made the embeddings, one entry per
 * enrolled face, and the images that gave none.
 */
public record EncodingStore(String format, int version, ModelInfo model, List<StoredFace> faces, List<Skipped> skipped) {
    public static final String FORMAT = "facerec-encodings";
    public static final int VERSION = 1;
    public static final int DIMENSIONS = 128;

    /** What made the embeddings: recognize aligns faces the same way, and refuses another encoder. */
    public record ModelInfo(String encoder, String encoderSha256, String detector, int upsample, int landmarks,
            int jitters) {
        public static ModelInfo of(String encoderSha256, FaceSettings s) {
            return new ModelInfo(Models.ENCODER_NAME, encoderSha256, s.method().toString(), s.upsample(), s.landmarks(),
                    s.jitters());
        }
    }

    /** An enrolled face: the person (the folder's name), the image relative to the dataset, its box. */
    public record StoredFace(String name, String image, Box box, double[] embedding) {}

    /** An image that gave no embedding, and why. */
    public record Skipped(String image, String reason) {}

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // An embedding is numbers: null or "0.5" in one is a broken store, not 0 and 0.5.
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);

    public EncodingStore(ModelInfo model, List<StoredFace> faces, List<Skipped> skipped) {
        this(FORMAT, VERSION, model, faces, skipped);
    }

    /** Writes the store atomically: an interrupted or failed write leaves the old file as it was. */
    public void write(Path file) {
        AtomicFiles.write(file, out -> JSON.writeValue(out, this));
    }

    /**
     * Reads and checks a store: its format and version, and that every embedding is 128
     * finite numbers. Any problem is one message that names the file.
     */
    public static EncodingStore read(Path file) {
        EncodingStore store;
        try {
            store = JSON.readValue(file.toFile(), EncodingStore.class);
        } catch (IOException e) {
            throw new FacerecException(file + " is not a facerec encodings file: " + FacerecException.firstLine(e.getMessage()), e);
        }
        if (store == null || !FORMAT.equals(store.format())) {
            throw new FacerecException(file + " is not a facerec encodings file (format is "
                    + (store == null ? "missing" : store.format()) + ", expected " + FORMAT + ")");
        }
        if (store.version() != VERSION) {
            throw new FacerecException(file + " has store version " + store.version() + "; this facerec reads version " + VERSION);
        }
        if (store.model() == null || store.faces() == null) {
            throw new FacerecException(file + " lacks its \"model\" or \"faces\"");
        }
        if (store.model().landmarks() != 5 && store.model().landmarks() != 68) {
            throw new FacerecException(file + ": model.landmarks is " + store.model().landmarks() + ", not 5 or 68");
        }
        for (int i = 0; i < store.faces().size(); i++) {
            StoredFace f = store.faces().get(i);
            if (f.name() == null || f.embedding() == null || f.embedding().length != DIMENSIONS) {
                throw new FacerecException(file + ": face " + i + " needs a name and an embedding of " + DIMENSIONS + " numbers");
            }
            for (double v : f.embedding()) {
                if (!Double.isFinite(v)) {
                    throw new FacerecException(file + ": face " + i + " (" + f.name() + ") has a non-finite embedding value");
                }
            }
        }
        return store;
    }
}
