package facerec.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.testing.Cli;
import facerec.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets as people build them by hand: links that lead back into the dataset, and one photo in
 * two people's folders. Each is skipped with its reason, on stdout and in the store, so that no
 * face is enrolled under a name that is not its own.
 */
class DatasetLinksTest {
    @TempDir
    Path dir;

    private Cli encode(Path data) {
        return Cli.run("encode", "--dataset", data.toString(), "--encodings", dir.resolve("encodings.json").toString(),
                "--models", TestData.models().dir().toString());
    }

    @Test
    void linksBackIntoTheDatasetAreNotFollowed() throws Exception {
        Path data = dir.resolve("data");
        Files.copy(TestData.image("obama.jpg"), Files.createDirectories(data.resolve("obama")).resolve("obama.jpg"));
        Files.copy(TestData.image("biden.jpg"), Files.createDirectories(data.resolve("biden")).resolve("biden.jpg"));
        // "all" would enrol everyone again as "all"; biden/more would enrol obama as biden.
        Files.createSymbolicLink(data.resolve("all"), data.toAbsolutePath());
        Files.createSymbolicLink(data.resolve("biden/more"), data.resolve("obama").toAbsolutePath());
        Files.createSymbolicLink(data.resolve("biden/that.jpg"), data.resolve("obama/obama.jpg").toAbsolutePath());
        Cli r = encode(data);
        assertEquals(0, r.exit(), r::toString);
        Path root = data.toRealPath();
        assertEquals(List.of("biden: 1 face", "obama: 1 face",
                "skipped all/: the folder links back to the dataset (" + root + "): not followed",
                "skipped biden/more: the folder links to obama inside the dataset, which is enrolled by its own name: not followed",
                "skipped biden/that.jpg: links to obama/obama.jpg inside the dataset, which is enrolled by its own name: not followed"),
                r.out().lines().filter(l -> !l.startsWith("wrote")).toList(), r::toString);
        String store = Files.readString(dir.resolve("encodings.json"));
        assertTrue(store.contains("\"all/\"") && store.contains("links back to the dataset"), "the store lists what was skipped");
    }

    @Test
    void onePhotoInTwoPeoplesFoldersIsEnrolledUnderNeither() throws Exception {
        Path data = dir.resolve("data");
        Files.copy(TestData.image("obama.jpg"), Files.createDirectories(data.resolve("obama")).resolve("obama.jpg"));
        Files.copy(TestData.image("obama.jpg"), Files.createDirectories(data.resolve("barack")).resolve("copy.jpg"));
        // The same photo resaved, as a phone or a chat app sends it on.
        try (Mat m = opencv_imgcodecs.imread(TestData.image("obama.jpg").toString());
                IntPointer q = new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 70)) {
            opencv_imgcodecs.imwrite(Files.createDirectories(data.resolve("president")).resolve("sent.jpg").toString(), m, q);
        }
        Files.copy(TestData.image("obama2.jpg"), data.resolve("obama/obama2.jpg"));
        Files.copy(TestData.image("biden.jpg"), Files.createDirectories(data.resolve("biden")).resolve("biden.jpg"));
        Cli r = encode(data);
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("biden: 1 face", "obama: 1 face"), lines.subList(0, 2), r::toString);
        assertTrue(lines.contains("skipped barack/copy.jpg: the same photo under another name: obama (obama/obama.jpg,"
                + " distance 0.000); enrolled under neither"), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches("skipped president/sent\\.jpg: the same face under another name: "
                + "(barack|obama) \\(\\S+, distance 0\\.0\\d\\d\\); enrolled under neither")), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("skipped obama/obama.jpg: the same photo under another name: barack")),
                r::toString);
        assertTrue(lines.get(lines.size() - 1).startsWith("wrote ") && lines.get(lines.size() - 1).contains(": 2 faces of 2 people"),
                r::toString);
    }
}
