package facerec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path identity and the output checks, on real files and links in a temporary folder. */
class OutputPathsTest {
    @TempDir
    Path dir;

    @Test
    void aPathIsWhatItNamesHoweverItIsSpelt() throws Exception {
        Path clip = Files.writeString(dir.resolve("clip.mp4"), "x");
        Files.createDirectories(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link.mp4"), clip);
        Path real = clip.toRealPath();
        assertEquals(real, OutputPaths.identity(dir.resolve("sub/../clip.mp4")));
        assertEquals(real, OutputPaths.identity(link));
        // Not there yet: its folder's real path and its name.
        assertEquals(dir.toRealPath().resolve("new.json"), OutputPaths.identity(dir.resolve("sub/../new.json")));
        // A dangling link names the file it would create.
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.json"), dir.resolve("target.json"));
        assertEquals(dir.toRealPath().resolve("target.json"), OutputPaths.identity(dangling));
    }

    @Test
    void anOutputMayBeNeitherAnInputNorAnotherOutput() throws Exception {
        Path clip = Files.writeString(dir.resolve("clip.mp4"), "x");
        Path store = Files.writeString(dir.resolve("s.json"), "{}");
        Map<String, Path> inputs = Map.of("--input", clip, "--encodings", store);
        assertEquals(Optional.empty(), OutputPaths.clash(inputs, Map.of("--report", dir.resolve("r.json"),
                "--output", dir.resolve("r.avi"))));
        assertEquals(Optional.of("--report " + store + " is --encodings: it would be overwritten"),
                OutputPaths.clash(inputs, Map.of("--report", store)));
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--output", dir.resolve("same"));
        outputs.put("--report", dir.resolve("./same"));
        Optional<String> twice = OutputPaths.clash(inputs, outputs);
        assertTrue(twice.isPresent() && twice.get().contains("is also --output"), twice::toString);
    }

    @Test
    void batchNamesAreStemsMadeUniqueWhereTheyRepeat() {
        List<String> names = OutputPaths.batchNames(List.of("a/clip.mp4", "b/clip.mp4", "c/other.mp4", "clip.webm"));
        assertEquals("other", names.get(2));
        assertEquals(4, names.stream().distinct().count(), names::toString);
        for (int i : new int[] {0, 1, 3}) {
            assertTrue(names.get(i).matches("clip-[0-9a-f]{8}"), names::toString);
        }
        // The same inputs give the same names: a second run replaces its own outputs.
        assertEquals(names, OutputPaths.batchNames(List.of("a/clip.mp4", "b/clip.mp4", "c/other.mp4", "clip.webm")));
    }

    @Test
    void theIndexLinksEachPageRelativelyQuotingWhatAUriWouldRead() {
        Path index = Path.of("/out/index.html");
        assertEquals("clip.html", RecognizeCommand.relative(index, Path.of("/out/clip.html")));
        assertEquals("a%231%20b%3F.html", RecognizeCommand.relative(index, Path.of("/out/a#1 b?.html")));
        assertEquals("../pages/clip.html", RecognizeCommand.relative(index, Path.of("/pages/clip.html")));
    }

    @Test
    void aFileUrlIsTheFileItNamesAndAStreamIsNone(@TempDir Path dir) throws Exception {
        Path clip = Files.writeString(dir.resolve("clip.json"), "a video");
        assertEquals(clip, OutputPaths.inputFile(clip.toUri().toString()));
        assertEquals(Path.of("a/b.mp4"), OutputPaths.inputFile("a/b.mp4"));
        assertEquals(null, OutputPaths.inputFile("https://example.org/clip.mp4"));
        // FFmpeg reads file: URLs, so one can be overwritten: batch outputs named for it are refused.
        Map<String, Path> in = Map.of("input", OutputPaths.inputFile(clip.toUri().toString()));
        List<OutputPaths.BatchOutput> out = OutputPaths.batchOutputs(dir, List.of(clip.toUri().toString()));
        assertEquals(dir.resolve("clip.json"), out.get(0).report());
        assertTrue(OutputPaths.clash(in, Map.of("the report", out.get(0).report())).isPresent());
    }
}
