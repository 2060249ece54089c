package facerec.testing;

import static org.bytedeco.opencv.global.opencv_core.hconcat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import facerec.face.Detection;
import facerec.face.FaceAnalyzer;
import facerec.video.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Test images made from the real test photos: copies, a group photo, a photo of nothing; a photo's one face embedded. */
public final class Photos {
    private Photos() {}

    /** The embedding of the one face that {@code analyzer} finds in a test photo (asserted to be one). */
    public static double[] embedding(FaceAnalyzer analyzer, String testImage) {
        try (Mat rgb = Images.readRgb(TestData.image(testImage))) {
            List<Detection> found = analyzer.locate(rgb);
            assertEquals(1, found.size(), testImage);
            return analyzer.encode(rgb, List.of(found.get(0).box()))[0];
        }
    }

    public static Path copy(String testImage, Path dest) throws IOException {
        Files.createDirectories(dest.getParent());
        return Files.copy(TestData.image(testImage), dest);
    }

    /** Two real photos side by side, the second scaled to {@code scale} of the first's height. */
    public static Path sideBySide(String left, String right, double scale, Path dest) throws IOException {
        Files.createDirectories(dest.getParent());
        try (Mat a = imread(TestData.image(left).toString()); Mat b = imread(TestData.image(right).toString());
                Mat bScaled = new Mat(); Mat out = new Mat()) {
            int h = (int) (a.rows() * scale);
            resize(b, bScaled, new Size(b.cols() * h / b.rows(), h));
            Mat padded = new Mat(a.rows(), bScaled.cols(), a.type(), new Scalar(255, 255, 255, 0));
            bScaled.copyTo(padded.rowRange(0, h));
            hconcat(a, padded, out);
            imwrite(dest.toString(), out);
            padded.close();
        }
        return dest;
    }

    /** A smooth gradient: an image with no face in it. */
    public static Path noFace(Path dest) throws IOException {
        Files.createDirectories(dest.getParent());
        try (Mat m = new Mat(240, 320, org.bytedeco.opencv.global.opencv_core.CV_8UC3)) {
            var idx = m.createIndexer();
            for (int y = 0; y < 240; y++) {
                for (int x = 0; x < 320; x++) {
                    ((org.bytedeco.javacpp.indexer.UByteIndexer) idx).put(y, x, 0, x * 255 / 320);
                    ((org.bytedeco.javacpp.indexer.UByteIndexer) idx).put(y, x, 1, y * 255 / 240);
                    ((org.bytedeco.javacpp.indexer.UByteIndexer) idx).put(y, x, 2, 128);
                }
            }
            idx.close();
            imwrite(dest.toString(), m);
        }
        return dest;
    }
}
