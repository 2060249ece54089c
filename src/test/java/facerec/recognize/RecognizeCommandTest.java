package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.synth.Accuracy;
import facerec.synth.SceneVideo;
import facerec.testing.Cli;
import facerec.testing.Scenes;
import facerec.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facerec recognize} on a synthesized video whose ground truth is known. */
class RecognizeCommandTest {
    @TempDir
    static Path dir;
    static Path store;
    static Path clip;
    static SceneVideo.Truth truth;

    @BeforeAll
    static void scene() throws IOException {
        store = Scenes.enrol(dir);
        clip = dir.resolve("crossing.mp4");
        truth = SceneVideo.render(Scenes.crossing(true), TestData.models(), clip);
    }

    static Cli recognize(String... extra) {
        String[] base = {"recognize", "--encodings", store.toString(), "--models", TestData.models().dir().toString(), "--quiet"};
        return Cli.run(java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new));
    }

    @Test
    void namesTheFacesOfTheSceneAndWritesVideoAndReport() throws Exception {
        Path out = dir.resolve("out/crossing.avi");
        Path report = dir.resolve("out/crossing.json");
        Cli r = recognize("--input", clip.toString(), "--output", out.toString(), "--report", report.toString());
        assertEquals(0, r.exit(), r::toString);

        Accuracy a = Accuracy.score(truth, report);
        assertTrue(a.rate() >= 0.95, a::toString);
        assertEquals(0, a.falseNames(), a::toString);

        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        assertEquals("facerec-report", rep.get("format").asText());
        assertEquals(100, rep.get("frameCount").asInt());
        assertEquals(100, rep.get("frames").size());
        assertTrue(rep.get("complete").asBoolean());
        assertEquals(25.0, rep.get("fps").asDouble(), 1e-6);
        assertEquals(640, rep.get("width").asInt());
        assertEquals(360, rep.get("height").asInt());
        assertEquals(1000.0, rep.get("frames").get(25).get("timeMs").asDouble(), 1.0);

        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.start();
            assertEquals("mjpeg", g.getVideoCodecName());
            assertEquals(640, g.getImageWidth());
            assertEquals(360, g.getImageHeight());
            assertEquals(25.0, g.getVideoFrameRate(), 0.01);
            assertTrue(g.getAudioChannels() > 0, "the input's tone is carried into the output");
            int frames = 0;
            while (g.grabImage() != null) {
                frames++;
            }
            assertEquals(100, frames);
        }
        assertTrue(r.out().contains("obama: "), r::toString);
        assertTrue(r.out().contains("biden: "), r::toString);
    }
}
