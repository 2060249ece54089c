package facerec.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import facerec.FacerecException;
import facerec.face.Box;
import facerec.face.FaceSettings;
import facerec.face.Models;
import facerec.files.AtomicFiles;
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
    public record StoredFace(String name, String image, Box box, double[] embedding) implements java.io.Serializable {}

    /** An image that gave no embedding, and why. */
    public record Skipped(String image, String reason) implements java.io.Serializable {}

    static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            // A million faces are 128 million numbers: the fast parser read 100,000 faces in 1.5 s, not 4.2 s.
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            // Two "name"s in one face, or two "faces": the last would win, silently.
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
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
        List<StoredFace> faces = new java.util.ArrayList<>();
        Header h = scan(file, faces::add);
        return new EncodingStore(FORMAT, VERSION, h.model(), faces, h.skipped());
    }

    /** What a store says besides its faces. */
    public record Header(ModelInfo model, List<Skipped> skipped) {}

    /**
     * Reads a store face by face, checking it as {@link #read} does, and hands each face to
     * {@code faces} as it comes: a store of a million faces (4 GB of JSON) never sits in memory.
     */
    public static Header scan(Path file, java.util.function.Consumer<StoredFace> faces) {
        String format = null;
        Integer version = null;
        ModelInfo model = null;
        List<Skipped> skipped = List.of();
        int count = -1;
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notAStore(file, "it is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "format" -> {
                        format = p.getValueAsString();
                        if (!FORMAT.equals(format)) {
                            throw notAStore(file, "format is " + format + ", expected " + FORMAT);
                        }
                    }
                    case "version" -> version = version(file, p);
                    case "model" -> model = JSON.readValue(p, ModelInfo.class);
                    case "skipped" -> skipped = JSON.readValue(p, new com.fasterxml.jackson.core.type.TypeReference<List<Skipped>>() {});
                    case "faces" -> {
                        if (p.currentToken() != JsonToken.START_ARRAY) {
                            throw notAStore(file, "\"faces\" is not a list");
                        }
                        count = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            faces.accept(check(file, count++, JSON.readValue(p, StoredFace.class)));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw notAStore(file, "there is more after its JSON object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw notAStore(file, jsonProblem(e));
        } catch (IOException e) {
            throw notAStore(file, FacerecException.firstLine(e.getMessage()));
        }
        if (format == null) {
            throw notAStore(file, "format is missing, expected " + FORMAT);
        }
        if (version == null || model == null || count < 0) {
            throw new FacerecException(file + " lacks its \"version\", \"model\" or \"faces\"");
        }
        if (model.landmarks() != 5 && model.landmarks() != 68) {
            throw new FacerecException(file + ": model.landmarks is " + model.landmarks() + ", not 5 or 68");
        }
        return new Header(model, skipped == null ? List.of() : skipped);
    }

    /** The store's version, which must be this facerec's: a number, not a string that looks like one. */
    private static int version(Path file, JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw notAStore(file, "\"version\" is " + (p.currentToken() == JsonToken.VALUE_STRING
                    ? "the string \"" + p.getText() + "\"" : p.getText()) + ", not the number " + VERSION);
        }
        int version = p.getIntValue();
        if (version != VERSION) {
            throw new FacerecException(file + " has store version " + p.getText() + "; this facerec reads version " + VERSION);
        }
        return version;
    }

    /**
     * Jackson's message for a user: what is wrong and where, without its advice to the
     * programmer ("enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow").
     */
    static String jsonProblem(com.fasterxml.jackson.core.JsonProcessingException e) {
        String what = FacerecException.firstLine(e.getOriginalMessage())
                .replaceAll("[:;,]? *\\(?(enable|use) `[^`]*`[^)]*\\)?", "").strip();
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? what
                : what + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static FacerecException notAStore(Path file, String why) {
        return new FacerecException(file + " is not a facerec encodings file (" + why + ")");
    }

    /**
     * The longest name a store may hold: a person is a folder, and a folder's name is at most 255
     * bytes. A label is drawn on every face of every frame, so a name of megabytes would cost
     * every frame.
     */
    public static final int MAX_NAME = 255;

    /**
     * The lengths an embedding may have: dlib's lie near 1.5 (1.39 to 1.59 on the real clips'
     * enrolment); a tampered one of all zeros or of 1e308 would never match, or match everyone.
     */
    static final double MIN_LENGTH = 0.1, MAX_LENGTH = 10;

    static StoredFace check(Path file, int i, StoredFace f) {
        if (f == null || f.name() == null || f.embedding() == null || f.embedding().length != DIMENSIONS) {
            throw new FacerecException(file + ": face " + i + " needs a name and an embedding of " + DIMENSIONS + " numbers");
        }
        String why = nameProblem(f.name());
        if (why != null) {
            throw new FacerecException(file + ": face " + i + "'s name " + why);
        }
        double largest = 0;
        for (double v : f.embedding()) {
            if (!Double.isFinite(v)) {
                throw new FacerecException(file + ": face " + i + " (" + f.name() + ") has a non-finite embedding value");
            }
            largest = Math.max(largest, Math.abs(v));
        }
        // Scaled by the largest value, so that squares of 1e308 do not overflow.
        double sum = 0;
        for (double v : f.embedding()) {
            sum += largest == 0 ? 0 : (v / largest) * (v / largest);
        }
        double length = largest * Math.sqrt(sum);
        if (!(length >= MIN_LENGTH && length <= MAX_LENGTH)) {
            throw new FacerecException(String.format(java.util.Locale.ROOT,
                    "%s: face %d (%s) has an embedding of length %.3g; dlib's are about 1.5", file, i, f.name(), length));
        }
        return f;
    }

    /**
     * What is wrong with a person's name, or null: empty, too long, reserved (Unknown,
     * unknown-001), or not a string of whole characters. The length comes first, so that no
     * message repeats a name of megabytes. (A folder's name may hold control characters; they
     * are escaped wherever a name is printed, facerec.cli.Printable.)
     */
    public static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > MAX_NAME) {
            return "is " + name.length() + " characters long; at most " + MAX_NAME;
        }
        if (name.equalsIgnoreCase(Matcher.UNKNOWN)) {
            return "is " + name + ", facerec's name for the faces it cannot name";
        }
        if (name.matches("(?i)unknown-\\d+")) {
            return "is " + name + ", as --unknowns names the people it found and the page shows them";
        }
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            boolean whole = Character.isHighSurrogate(c) ? k + 1 < name.length() && Character.isLowSurrogate(name.charAt(k + 1))
                    : !Character.isLowSurrogate(c);
            if (!whole) {
                return "has half a character at " + k + " (a lone UTF-16 surrogate), which no file name or UTF-8 text can hold";
            }
            k += Character.isHighSurrogate(c) ? 1 : 0;
        }
        return null;
    }
}
