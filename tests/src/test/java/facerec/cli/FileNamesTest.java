package facerec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.store.EncodingStore;
import facerec.testing.Cli;
import facerec.testing.Photos;
import facerec.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names that are bytes Java cannot decode: "caf\xe9" from a Latin-1 system, and any
 * accented name when the JVM starts without a UTF-8 locale. They "could not be decoded" or
 * were "no such file"; now they are read, or refused with what is wrong.
 */
class FileNamesTest {
    @TempDir
    static Path dir;
    static String models;

    @BeforeAll
    static void models() {
        models = TestData.models().dir().toString();
    }

    /** Makes a folder or file whose name has the raw bytes of {@code printf}'s format: Java cannot name it. */
    private static void shell(Path in, String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).directory(in.toFile()).inheritIO().start();
        assertEquals(0, p.waitFor());
    }

    @Test
    void aPhotoWhoseNameIsNotUtf8IsEncodedAndAFolderOfSuchANameIsRefused() throws Exception {
        Path data = dir.resolve("latin1");
        Photos.copy("biden.jpg", data.resolve("biden/biden.jpg"));
        shell(data.resolve("biden"), "mv biden.jpg \"$(printf 'b\\xe9')\".jpg");
        Path store = dir.resolve("latin1.json");
        Cli r = Cli.run("encode", "--dataset", data.toString(), "--encodings", store.toString(), "--models", models);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(1, EncodingStore.read(store).faces().size(), r::toString);

        Photos.copy("obama.jpg", data.resolve("obama.jpg"));
        shell(data, "mkdir \"$(printf 'caf\\xe9')\" && mv obama.jpg \"$(printf 'caf\\xe9')\"/");
        r = Cli.run("encode", "--dataset", data.toString(), "--encodings", store.toString(), "--models", models);
        assertEquals(1, r.exit(), r::toString);
        assertEquals(List.of("facerec: " + data.resolve("caf\uFFFD") + ": the person's folder cannot be read as a name: its"
                + " name is not valid UTF-8: rename it"), r.err().lines().toList());
    }

    @Test
    void anInputWhoseNameJavaCannotDecodeSaysSo() throws Exception {
        // What Java makes of "vid\xff/o.jpg" on the command line.
        String input = dir.resolve("vid\uFFFD/o.jpg").toString();
        Path store = facerec.testing.Scenes.enrol(dir.resolve("store"));
        Cli r = Cli.run("recognize", "--encodings", store.toString(), "--models", models, "--input", input);
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("facerec: input " + input + ": no such file: its name is not valid UTF-8: rename it"),
                r::toString);
    }

    /** Cron and bare containers start Java without a UTF-8 locale; then "josé/" was unreadable. */
    @Test
    void theLauncherReadsAccentedNamesWithoutALocale() throws Exception {
        Path data = dir.resolve("accents");
        Photos.copy("obama.jpg", data.resolve("jos\u00e9/obama.jpg"));
        ProcessBuilder pb = new ProcessBuilder("bash", TestData.root().resolve("scripts/facerec").toString(), "encode",
                "--dataset", data.toString(), "--encodings", dir.resolve("accents.json").toString(), "--models", models);
        pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
        Path log = dir.resolve("accents.log");
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertEquals(List.of("jos\u00e9"), EncodingStore.read(dir.resolve("accents.json")).faces().stream()
                .map(EncodingStore.StoredFace::name).distinct().toList(), out);
    }
}
