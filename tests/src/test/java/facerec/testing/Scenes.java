package facerec.testing;

import facerec.encode.DatasetEncoder;
import facerec.face.FaceSettings;
import facerec.synth.SceneVideo;
import facerec.synth.SceneVideo.Actor;
import facerec.synth.SceneVideo.Key;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The scenes the recognize tests run on, rendered from the real test photos. */
public final class Scenes {
    private Scenes() {}

    /**
     * 4 s at 25 fps, 640x360, with a tone: Obama (obama3.jpg, a photo not enrolled) walks
     * left to right and grows; Biden (his photo mirrored) crosses the other way in front of
     * him; a stranger looks in from above for two seconds.
     */
    public static SceneVideo.Scene crossing(boolean tone) {
        return new SceneVideo.Scene(640, 360, 25, 4, List.of(
                new Actor("obama", TestData.image("obama3.jpg"), false,
                        List.of(new Key(0, 0.18, 0.55, 100), new Key(4, 0.82, 0.55, 130))),
                new Actor("biden", TestData.image("biden.jpg"), true,
                        List.of(new Key(0, 0.85, 0.6, 115), new Key(4, 0.15, 0.6, 115))),
                new Actor("Unknown", TestData.image("stranger.jpg"), false,
                        List.of(new Key(1, 0.5, 0.22, 95), new Key(3, 0.52, 0.22, 95)))), tone);
    }

    /** A store and a rendered crossing scene with its truth, in a test's folder. */
    public record Fixture(Path store, Path clip, SceneVideo.Truth truth) {
        public static Fixture crossing(Path dir, boolean tone) throws IOException {
            Path clip = dir.resolve("crossing.mp4");
            Path store = enrol(dir);
            return new Fixture(store, clip, SceneVideo.render(Scenes.crossing(tone), TestData.models(), clip));
        }
    }

    /** Enrols obama.jpg and biden.jpg: none of the photos the scenes show. */
    public static Path enrol(Path dir) throws IOException {
        Path data = dir.resolve("data");
        Photos.copy("obama.jpg", data.resolve("obama/obama.jpg"));
        Photos.copy("biden.jpg", data.resolve("biden/biden.jpg"));
        Path store = dir.resolve("encodings.json");
        new DatasetEncoder(TestData.models(), FaceSettings.DEFAULT, DatasetEncoder.MultiFace.LARGEST, 2)
                .encode(data).store().write(store);
        return store;
    }
}
