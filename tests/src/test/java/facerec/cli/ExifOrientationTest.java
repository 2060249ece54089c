package facerec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.testing.Cli;
import facerec.testing.TestData;
import facerec.video.Images;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A phone photo: pixels stored on their side, and an EXIF orientation that says how to turn
 * them. Encode enrols it upright, and recognize must read the same file the same way.
 */
class ExifOrientationTest {
    @TempDir
    static Path dir;
    static Path phone;

    /**
     * An APP1 segment with a one-entry EXIF directory: Orientation (0x0112), a SHORT, = 6, "the
     * picture is stored turned 90 degrees counter-clockwise; turn it clockwise to show it".
     */
    private static final byte[] EXIF_ROTATE_90 = {
        (byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0,
        'M', 'M', 0, 42, 0, 0, 0, 8,
        0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0,
        0, 0, 0, 0};

    @BeforeAll
    static void phonePhoto() throws Exception {
        try (Mat upright = opencv_imgcodecs.imread(TestData.image("obama.jpg").toString()); Mat sideways = new Mat();
                BytePointer jpeg = new BytePointer()) {
            opencv_core.rotate(upright, sideways, opencv_core.ROTATE_90_COUNTERCLOCKWISE);
            opencv_imgcodecs.imencode(".jpg", sideways, jpeg);
            byte[] bytes = new byte[(int) jpeg.limit()];
            jpeg.get(bytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(bytes, 0, 2); // SOI
            out.write(EXIF_ROTATE_90);
            out.write(bytes, 2, bytes.length - 2);
            phone = Files.createDirectories(dir.resolve("data/obama")).resolve("phone.jpg");
            Files.write(phone, out.toByteArray());
        }
    }

    @Test
    void theTurnIsFoundAsOpenCvAppliesIt() {
        assertArrayEquals(new int[] {opencv_core.ROTATE_90_CLOCKWISE, Images.NO_FLIP}, Images.uprightTurn(phone));
        assertArrayEquals(new int[] {-1, Images.NO_FLIP}, Images.uprightTurn(TestData.image("obama.jpg")));
    }

    @Test
    void aPhonePhotoThatEnrolsIsRecognizedFromTheSameFile() throws Exception {
        Path store = dir.resolve("encodings.json");
        Cli e = Cli.run("encode", "--dataset", dir.resolve("data").toString(), "--encodings", store.toString(), "--models",
                TestData.models().dir().toString());
        assertEquals(0, e.exit(), e::toString);
        assertTrue(e.out().contains("obama: 1 face"), e::toString);
        Path report = dir.resolve("phone.json");
        Cli r = Cli.run("recognize", "--encodings", store.toString(), "--models", TestData.models().dir().toString(),
                "--input", phone.toString(), "--report", report.toString(), "--quiet");
        assertEquals(0, r.exit(), r::toString);
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        // Upright: as wide as the stored picture is tall.
        try (Mat stored = opencv_imgcodecs.imread(phone.toString(), opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION
                | opencv_imgcodecs.IMREAD_COLOR)) {
            assertEquals(stored.rows(), rep.get("width").asInt());
            assertEquals(stored.cols(), rep.get("height").asInt());
        }
        JsonNode faces = rep.get("frames").get(0).get("faces");
        assertEquals(1, faces.size(), rep::toString);
        assertEquals("obama", faces.get(0).get("name").asText());
        assertTrue(faces.get(0).get("distance").asDouble() < 0.1, faces::toString);
    }
}
