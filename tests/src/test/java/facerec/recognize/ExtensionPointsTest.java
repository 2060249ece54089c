package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.encode.DatasetEncoder;
import facerec.face.Box;
import facerec.face.FaceCrop;
import facerec.face.FaceSettings;
import facerec.face.FaceTracker;
import facerec.report.FaceRecord;
import facerec.store.Gallery;
import facerec.store.Matcher;
import facerec.synth.RealClips;
import facerec.testing.Photos;
import facerec.testing.TestData;
import facerec.video.VideoReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller's own outputs, through the library API: a sink sees every frame with the faces the
 * report shows, and a listener hears each track begin, each of its detected faces and its end,
 * as the report's tracks count them. On real webcam footage, with its man enrolled.
 */
class ExtensionPointsTest {
    @TempDir
    Path dir;

    /** What a sink was handed: the video's format once, then each frame's index and faces. */
    static final class Recording implements Sink {
        final List<String> starts = new ArrayList<>();
        final List<Integer> indices = new ArrayList<>();
        final List<List<FaceRecord>> faces = new ArrayList<>();
        boolean finished;

        @Override
        public void start(int width, int height, double fps) {
            starts.add(width + "x" + height + "@" + fps);
        }

        @Override
        public void accept(int index, VideoReader.Picture picture, List<FaceRecord> shown) {
            indices.add(index);
            faces.add(shown);
        }

        @Override
        public void finish(Summary summary) {
            finished = true;
        }
    }

    /** What a listener heard, per track. */
    static final class Hearing implements TrackListener {
        final Map<Integer, Integer> startedAt = new HashMap<>();
        final Map<Integer, Integer> detected = new HashMap<>();
        final Map<Integer, String> ended = new HashMap<>();
        int outOfOrder;

        @Override
        public void started(int track, int frame, Box box) {
            startedAt.put(track, frame);
        }

        @Override
        public void detected(int track, int frame, Matcher.Match match, double[] embedding, FaceCrop crop) {
            if (!startedAt.containsKey(track) || ended.containsKey(track) || embedding.length != 128 || crop != null) {
                outOfOrder++;
            }
            detected.merge(track, 1, Integer::sum);
        }

        @Override
        public void ended(int track, String name) {
            ended.put(track, name);
        }
    }

    @Test
    void aCallersSinkSeesEveryFrameAsTheReportShowsItAndItsListenerEachTracksFacesAndEnd() throws Exception {
        Path data = dir.resolve("data");
        RealClips.enrol(TestData.realClips(), data);
        Photos.copy("obama.jpg", data.resolve("obama/obama.jpg"));
        Path store = dir.resolve("encodings.json");
        new DatasetEncoder(TestData.models(), FaceSettings.DEFAULT, DatasetEncoder.MultiFace.LARGEST, 2)
                .encode(data).store().write(store);
        Recognizer.Options options = new Recognizer.Options(FaceSettings.Method.HOG, 1, Recognizer.Options.WIDTH, 0, 0.6,
                false, 1, 2, 8, FaceTracker.Kind.KCF, false, 0);
        Path clip = TestData.realClips().resolve("cap13_edit2.mp4");
        Path report = dir.resolve("report.json");
        Recording sink = new Recording();
        Hearing listener = new Hearing();
        Recognizer.Result r;
        try (Recognizer recognizer = new Recognizer(TestData.models(), Gallery.load(store, 0.6), store, options)) {
            r = recognizer.recognize(Recognizer.Request.of(clip.toString(), null, report).with(List.of(sink),
                    List.of(listener)), i -> {}, () -> false);
        }
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertTrue(r.complete());
        assertEquals(List.of(json.get("width").asInt() + "x" + json.get("height").asInt() + "@" + json.get("fps").asDouble()),
                sink.starts);
        assertTrue(sink.finished);
        assertEquals(r.frames(), sink.indices.size());
        int named = 0;
        for (int i = 0; i < r.frames(); i++) {
            assertEquals(i, sink.indices.get(i));
            JsonNode frame = json.get("frames").get(i).get("faces");
            List<FaceRecord> shown = sink.faces.get(i);
            assertEquals(frame.size(), shown.size(), "frame " + i);
            for (int f = 0; f < shown.size(); f++) {
                FaceRecord s = shown.get(f);
                JsonNode j = frame.get(f);
                assertEquals(j.get("name").asText(), s.name(), "frame " + i);
                assertEquals(j.get("track").asInt(), s.track(), "frame " + i);
                assertEquals(j.get("box").get("left").asInt(), s.box().left(), "frame " + i);
                assertEquals(j.get("box").get("top").asInt(), s.box().top(), "frame " + i);
                named += s.name().equals("webcam") ? 1 : 0;
            }
        }
        assertTrue(named > r.frames() / 2, "the webcam man is named in " + named + " of " + r.frames() + " frames");
        assertEquals(0, listener.outOfOrder, "a face heard before its track began, after it ended, or with a crop");
        assertEquals(r.tracks().size(), listener.startedAt.size());
        for (TrackRecord t : r.tracks()) {
            assertEquals(t.firstFrame(), listener.startedAt.get(t.id()), t::toString);
            assertEquals(t.embeddings(), listener.detected.getOrDefault(t.id(), 0), t::toString);
            if (t.lastFrame() < r.frames() - 1) {
                assertEquals(t.name(), listener.ended.get(t.id()), t::toString);
            } else {
                assertTrue(!listener.ended.containsKey(t.id()), "a track still running at the end never ended: " + t);
            }
        }
    }
}
