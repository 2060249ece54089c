package facerec.video;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import facerec.FacerecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Still images: which files count as images, decoding them to RGB, and resizing. */
public final class Images {
    /** The extensions encode reads, compared without letter case. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff");

    private Images() {}

    public static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Decodes an image file to packed RGB, dropping any alpha channel (as PIL's
     * {@code convert("RGB")} in face_recognition.load_image_file does). The caller closes the Mat.
     */
    public static Mat readRgb(Path file) {
        if (!Files.isReadable(file)) {
            throw new FacerecException("cannot read " + file);
        }
        Mat bgr = imread(file.toString(), IMREAD_COLOR);
        if (bgr.empty()) {
            bgr.close();
            throw new FacerecException("cannot decode " + file + " as an image");
        }
        Mat rgb = new Mat();
        cvtColor(bgr, rgb, COLOR_BGR2RGB);
        bgr.close();
        return rgb;
    }

    /** As {@link #downscale}, with bilinear interpolation: a few times cheaper, for frames only tracked. */
    public static Mat downscaleFast(Mat image, int width) {
        return downscale(image, width, INTER_LINEAR);
    }

    /**
     * imutils.resize(image, width): area interpolation, height = int(h * width / w); never
     * upscales (returns the input itself when it is no wider than {@code width}).
     */
    public static Mat downscale(Mat image, int width) {
        return downscale(image, width, INTER_AREA);
    }

    private static Mat downscale(Mat image, int width, int interpolation) {
        if (width <= 0 || image.cols() <= width) {
            return image;
        }
        int height = (int) (image.rows() * ((double) width / image.cols()));
        Mat small = new Mat();
        try (Size size = new Size(width, Math.max(height, 1))) {
            resize(image, small, size, 0, 0, interpolation);
        }
        return small;
    }
}
