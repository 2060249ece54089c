package facerec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.FacerecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a store: anything but a well-formed one is refused, naming the file and what is wrong. */
class EncodingStoreTest {
    @TempDir
    Path dir;

    static String store(String landmarks, String embedding) {
        return "{\"format\":\"facerec-encodings\",\"version\":1,\"model\":{\"encoder\":\"e\",\"encoderSha256\":\"x\","
                + "\"detector\":\"hog\",\"upsample\":1,\"landmarks\":" + landmarks + ",\"jitters\":1},\"faces\":[{\"name\":\"ann\","
                + "\"image\":\"ann/a.jpg\",\"box\":{\"top\":1,\"right\":2,\"bottom\":2,\"left\":1},\"embedding\":[" + embedding
                + "]}],\"skipped\":[]}";
    }

    static String numbers(String first) {
        return first + "," + String.join(",", Collections.nCopies(127, "0.1"));
    }

    FacerecException refused(String json) throws Exception {
        Path file = Files.writeString(dir.resolve("s.json"), json);
        return assertThrows(FacerecException.class, () -> EncodingStore.read(file));
    }

    @Test
    void aWellFormedStoreReads() throws Exception {
        Path file = Files.writeString(dir.resolve("ok.json"), store("5", numbers("0.5")));
        assertEquals(0.5, EncodingStore.read(file).faces().get(0).embedding()[0]);
    }

    @Test
    void nullsAndStringsInAnEmbeddingAreRefused() throws Exception {
        for (String bad : new String[] {"null", "\"0.5\""}) {
            FacerecException e = refused(store("5", numbers(bad)));
            assertTrue(e.getMessage().startsWith(dir.resolve("s.json") + " is not a facerec encodings file"), e::getMessage);
        }
    }

    @Test
    void anUnknownAlignerIsRefusedNamingTheFile() throws Exception {
        assertEquals(dir.resolve("s.json") + ": model.landmarks is 7, not 5 or 68",
                refused(store("7", numbers("0.5"))).getMessage());
    }

    @Test
    void fieldsMayComeInAnyOrder() throws Exception {
        // Read face by face, as they come: a store written by hand may put its faces first.
        String json = store("5", numbers("0.5"));
        String faces = json.substring(json.indexOf(",\"faces\""), json.indexOf(",\"skipped\""));
        String reordered = "{" + faces.substring(1) + "," + json.substring(1).replace(faces, "");
        Path file = Files.writeString(dir.resolve("reordered.json"), reordered);
        assertEquals("ann", EncodingStore.read(file).faces().get(0).name());
    }

    @Test
    void facesThatAreNotAListAreRefused() throws Exception {
        assertEquals(dir.resolve("s.json") + " is not a facerec encodings file (\"faces\" is not a list)",
                refused(store("5", numbers("0.5")).replace("\"faces\":[", "\"faces\":{\"x\":[").replace("]}],", "]}]},"))
                        .getMessage());
    }

    @Test
    void namesThatNoFolderCouldHaveAreRefused() throws Exception {
        String file = dir.resolve("s.json").toString();
        assertEquals(file + ": face 0's name is empty", refused(store("5", numbers("0.5")).replace("\"ann\"", "\"\"")).getMessage());
        assertEquals(file + ": face 0's name is 30000 characters long; at most 255",
                refused(store("5", numbers("0.5")).replace("\"ann\"", "\"" + "x".repeat(30_000) + "\"")).getMessage());
        assertEquals(file + ": face 0's name has half a character at 0 (a lone UTF-16 surrogate), which no file name or"
                + " UTF-8 text can hold", refused(store("5", numbers("0.5")).replace("\"ann\"", "\"\\ud800x\"")).getMessage());
        assertEquals(file + ": face 0's name is 308 characters long; at most 255",
                refused(store("5", numbers("0.5")).replace("\"ann\"", "\"unknown-" + "1".repeat(300) + "\"")).getMessage(),
                "the length is checked first: no message repeats a long name");
        assertEquals(file + ": face 0's name is Unknown, facerec's name for the faces it cannot name",
                refused(store("5", numbers("0.5")).replace("\"ann\"", "\"Unknown\"")).getMessage());
        assertEquals(file + ": face 0's name is unknown-001, as --unknowns names the people it found and the page shows them",
                refused(store("5", numbers("0.5")).replace("\"ann\"", "\"unknown-001\"")).getMessage());
        Path ok = Files.writeString(dir.resolve("pair.json"), store("5", numbers("0.5")).replace("\"ann\"", "\"\\ud83d\\ude00 x 1.25\""));
        assertEquals("\ud83d\ude00 x 1.25", EncodingStore.read(ok).faces().get(0).name(), "a whole surrogate pair is a character");
    }

    @Test
    void embeddingsOfNoLengthOrOfAbsurdLengthAreRefused() throws Exception {
        String file = dir.resolve("s.json").toString();
        assertEquals(file + ": face 0 (ann) has an embedding of length 0.00; dlib's are about 1.5",
                refused(store("5", String.join(",", Collections.nCopies(128, "0")))).getMessage());
        assertEquals(file + ": face 0 (ann) has an embedding of length 1.00e+308; dlib's are about 1.5",
                refused(store("5", numbers("1e308").replace("0.1", "0"))).getMessage());
    }

    @Test
    void duplicateKeysAndTrailingDataAreRefused() throws Exception {
        String json = store("5", numbers("0.5"));
        FacerecException twice = refused(json.replace("\"name\":\"ann\"", "\"name\":\"ann\",\"name\":\"bob\""));
        assertTrue(twice.getMessage().startsWith(dir.resolve("s.json") + " is not a facerec encodings file (Duplicate field 'name'"),
                twice::getMessage);
        assertEquals(dir.resolve("s.json") + " is not a facerec encodings file (there is more after its JSON object)",
                refused(json + "{\"faces\":[]}").getMessage());
    }

    @Test
    void jsonErrorsSayWhatAndWhereWithoutJacksonsAdvice() throws Exception {
        String file = dir.resolve("s.json").toString();
        String nan = store("5", numbers("NaN"));
        int column = nan.indexOf("NaN") + "NaN".length() + 1; // Jackson points just past the token
        assertEquals(file + " is not a facerec encodings file (Non-standard token 'NaN' at line 1, column " + column + ")",
                refused(nan).getMessage());
        assertEquals(file + " is not a facerec encodings file (\"version\" is the string \"1\", not the number 1)",
                refused(store("5", numbers("0.5")).replace("\"version\":1", "\"version\":\"1\"")).getMessage());
    }
}
