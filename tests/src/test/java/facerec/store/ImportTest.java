package facerec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.encode.DatasetEncoder;
import facerec.face.FaceAnalyzer;
import facerec.face.FaceSettings;
import facerec.testing.Cli;
import facerec.testing.Photos;
import facerec.testing.PythonReaders;
import facerec.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial's store imported: a pickle that its own encode_faces.py wrote with face_recognition
 * (PyPI, in the benchmarks' venv) names its people in facerec; pickles whose payload would run a
 * command are refused with one line naming the global, and the command never runs.
 */
class ImportTest {
    @TempDir
    static Path dir;
    static Path pickle;

    @BeforeAll
    static void tutorialEncodes() throws Exception {
        Path data = dir.resolve("dataset");
        Photos.copy("obama.jpg", data.resolve("obama/obama.jpg"));
        Photos.copy("biden.jpg", data.resolve("biden/biden.jpg"));
        pickle = dir.resolve("encodings.pickle");
        PythonReaders.Result r = PythonReaders.peer("/facerec/store/encode_faces.py", "-i", data.toString(), "-e",
                pickle.toString(), "-d", "hog");
        assertEquals(0, r.exit(), r::output);
    }

    @Test
    void theTutorialsPickleImportsAndNamesItsPeople() throws Exception {
        Path store = dir.resolve("imported.json");
        Cli r = Cli.run("import", pickle.toString(), "-e", store.toString(), "--models", TestData.models().dir().toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("wrote " + store + ": 2 faces of 2 people imported from " + pickle), r::toString);
        JsonNode json = new ObjectMapper().readTree(store.toFile());
        assertEquals("imported", json.get("model").get("detector").asText());
        for (JsonNode face : json.get("faces")) {
            assertFalse(face.has("image") || face.has("box"), face::toString);
        }
        // The same model on the same photos as facerec's own encode: 8.7e-7 apart here (float32
        // sums in another OpenBLAS), where two photos of one man are 0.3 to 0.6.
        EncodingStore own = new DatasetEncoder(TestData.models(), FaceSettings.DEFAULT, DatasetEncoder.MultiFace.LARGEST, 2)
                .encode(dir.resolve("dataset")).store();
        List<EncodingStore.StoredFace> imported = EncodingStore.read(store).faces();
        assertEquals(own.faces().stream().map(EncodingStore.StoredFace::name).toList(),
                imported.stream().map(EncodingStore.StoredFace::name).toList());
        for (int i = 0; i < imported.size(); i++) {
            double d = FaceAnalyzer.distance(own.faces().get(i).embedding(), imported.get(i).embedding());
            assertTrue(d < 1e-4, imported.get(i).name() + ": " + d);
        }
        // Photos that the tutorial never saw, named through the short options as the tutorial has them.
        for (String photo : List.of("obama2.jpg", "obama3.jpg")) {
            Path report = dir.resolve(photo + ".json");
            Cli rec = Cli.run("recognize", "-e", store.toString(), "-i", TestData.image(photo).toString(), "--report",
                    report.toString(), "--models", TestData.models().dir().toString(), "--quiet", "-d", "hog");
            assertEquals(0, rec.exit(), rec::toString);
            JsonNode faces = new ObjectMapper().readTree(report.toFile()).get("frames").get(0).get("faces");
            assertEquals(1, faces.size(), faces::toString);
            assertEquals("obama", faces.get(0).get("name").asText(), faces::toString);
        }
    }

    @Test
    void aPickleThatWouldRunACommandIsRefusedAndRunsNothing() throws Exception {
        Path out = Files.createDirectories(dir.resolve("hostile"));
        PythonReaders.Result made = PythonReaders.peer("/facerec/store/hostile_pickles.py", out.toString());
        assertEquals(0, made.exit(), made::output);
        List<String> globals = List.of("posix.system", "subprocess.Popen", "builtins.eval", "posix.system");
        for (int i = 1; i <= 4; i++) {
            Path store = out.resolve("store-" + i + ".json");
            Path hostile = out.resolve("hostile-" + i + ".pickle");
            Cli r = Cli.run("import", hostile.toString(), "-e", store.toString(), "--models",
                    TestData.models().dir().toString());
            assertEquals(1, r.exit(), r::toString);
            assertEquals("facerec: " + hostile + ": refused the global " + globals.get(i - 1)
                    + "; the tutorial's store holds only numpy arrays", r.err().strip(), r::toString);
            assertTrue(Files.notExists(store), r::toString);
        }
        try (var files = Files.list(out)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("ran-")).toList());
        }
    }
}
