package facerec.video;

import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import facerec.FacerecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Still images: which files count as images, decoding them to RGB, and resizing. */
public final class Images {
    /** The extensions encode reads, compared without letter case. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff");

    /**
     * Photos larger than this many pixels are not decoded: a 30000 x 30000 PNG of 2.6 MB (a
     * decompression bomb) would take 2.7 GB. 250 million is twice a 108-megapixel phone's photo.
     */
    public static final long MAX_PIXELS = 250_000_000L;

    /** An image that cannot be read, and why in a few words (the file is in the message). */
    public static final class Unreadable extends FacerecException {
        private final String reason;

        Unreadable(Path file, String reason) {
            super(file + ": " + reason);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private Images() {}

    private static final Object STDERR = new Object();
    private static int decoding;
    private static int savedStderr = -1;
    private static volatile boolean quiet = true;

    /** With {@code --verbose}, the decoders' own warnings are shown (see {@link FfmpegLog#verbose}). */
    static void quietDecoders(boolean on) {
        quiet = on;
    }

    /**
     * Runs a native decoder with stderr pointed at /dev/null: libpng and libjpeg print warnings
     * about a damaged photo there ("libpng warning: iCCP: CRC error"), which would break the rule
     * of one line per error. Stderr is the process's: the first decoder in silences it, the last
     * out restores it, and what Java prints meanwhile (a progress bar) is lost for that moment.
     */
    private static <T> T quietly(java.util.function.Supplier<T> decode) {
        if (!quiet) {
            return decode.get();
        }
        synchronized (STDERR) {
            if (decoding++ == 0) {
                System.err.flush();
                savedStderr = facerec.dlib.Dlib.quietStderr();
            }
        }
        try {
            return decode.get();
        } finally {
            synchronized (STDERR) {
                if (--decoding == 0) {
                    facerec.dlib.Dlib.restoreStderr(savedStderr);
                    savedStderr = -1;
                }
            }
        }
    }

    /**
     * The largest photo file that is read: what {@link #MAX_PIXELS} take uncompressed, 3 bytes
     * each. The file is held whole while it decodes, so a file of gigabytes of padding must not be.
     */
    public static final long MAX_FILE_BYTES = 3 * MAX_PIXELS;

    /**
     * The file decoded by OpenCV from its bytes, as imread would (an empty Mat when it cannot).
     * The bytes are read by Java from the path as listed: imread takes a string, and a name that
     * is not valid UTF-8 ("caf\\xe9", from a Latin-1 system) has none that leads back to the file.
     */
    private static Mat decode(Path file, int flags) {
        // Into native memory: a photo of hundreds of MB must not need as much Java heap.
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file)) {
            long size = in.size();
            if (size == 0 || size > MAX_FILE_BYTES) {
                return new Mat();
            }
            try (Mat encoded = new Mat(1, (int) size, org.bytedeco.opencv.global.opencv_core.CV_8UC1)) {
                java.nio.ByteBuffer buffer = encoded.createBuffer();
                while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                    // read on to the end
                }
                return quietly(() -> org.bytedeco.opencv.global.opencv_imgcodecs.imdecode(encoded, flags));
            }
        } catch (IOException e) {
            return new Mat();
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // left to the decoder, which says what is wrong
        }
    }

    /** Width and height from the file's header alone, for the formats the JDK reads; null for others. */
    static long[] size(Path file) {
        // By the path, not its string: a name that is not valid UTF-8 decodes to another (see #decode).
        try (java.io.InputStream raw = Files.newInputStream(file);
                ImageInputStream in = new javax.imageio.stream.MemoryCacheImageInputStream(raw)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new long[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null; // left to the decoder, which says what is wrong
        }
    }

    public static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * How a photo's stored pixels turn upright by its EXIF orientation, as {@link #readRgb} (and
     * so encode) turns them: OpenCV's rotation code (or -1), then its flip code (or
     * {@link #NO_FLIP}). Found by decoding the photo at an eighth of its size both with and
     * without the orientation applied, and matching one to the other under the eight turns and
     * mirrorings that EXIF can ask for: the same decoder gives the same pixels, turned, so the
     * match is exact, and no EXIF parser is needed. {-1, NO_FLIP} when upright, undecodable, or
     * not a JPEG.
     */
    public static int[] uprightTurn(Path file) {
        int[] none = {-1, NO_FLIP};
        // Phone photos are JPEGs, which decode at an eighth of their size for the price of an
        // eighth; other formats decode whole first, and a bomb among them must not get that far.
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        long[] size = size(file);
        if (!(name.endsWith(".jpg") || name.endsWith(".jpeg")) || size == null || size[0] * size[1] > MAX_PIXELS) {
            return none;
        }
        try (Mat applied = decode(file, IMREAD_REDUCED_COLOR_8);
                Mat stored = decode(file, IMREAD_REDUCED_COLOR_8 | IMREAD_IGNORE_ORIENTATION)) {
            if (applied.empty() || stored.empty()) {
                return none;
            }
            for (int flip : new int[] {NO_FLIP, 1}) {
                for (int rotation : new int[] {-1, ROTATE_90_CLOCKWISE, ROTATE_180, ROTATE_90_COUNTERCLOCKWISE}) {
                    try (Mat turned = turn(stored, rotation, flip)) {
                        if (turned.cols() == applied.cols() && turned.rows() == applied.rows()
                                && org.bytedeco.opencv.global.opencv_core.norm(turned, applied,
                                        org.bytedeco.opencv.global.opencv_core.NORM_INF, new Mat()) == 0) {
                            return new int[] {rotation, flip};
                        }
                    }
                }
            }
        }
        return none;
    }

    /** No mirroring, for {@link #uprightTurn} and {@link #turn}. */
    public static final int NO_FLIP = -2;

    /** A new copy of the image, rotated by OpenCV's code (or -1), then flipped by its code (or {@link #NO_FLIP}). */
    public static Mat turn(Mat image, int rotation, int flip) {
        Mat rotated = new Mat();
        if (rotation >= 0) {
            org.bytedeco.opencv.global.opencv_core.rotate(image, rotated, rotation);
        } else {
            image.copyTo(rotated);
        }
        if (flip == NO_FLIP) {
            return rotated;
        }
        Mat flipped = new Mat();
        org.bytedeco.opencv.global.opencv_core.flip(rotated, flipped, flip);
        rotated.close();
        return flipped;
    }

    /**
     * Decodes an image file to packed RGB, dropping any alpha channel (as PIL's
     * {@code convert("RGB")} in face_recognition.load_image_file does). The caller closes the Mat.
     */
    public static Mat readRgb(Path file) {
        if (!Files.isReadable(file)) {
            throw new Unreadable(file, Files.exists(file) ? "permission denied" : "no such file");
        }
        long bytes = fileSize(file);
        if (bytes > MAX_FILE_BYTES) {
            throw new Unreadable(file, String.format(Locale.ROOT, "too large to decode: a file of %d MB (at most %d)",
                    bytes >> 20, MAX_FILE_BYTES >> 20));
        }
        long[] size = size(file);
        if (size != null && size[0] * size[1] > MAX_PIXELS) {
            throw new Unreadable(file, String.format(Locale.ROOT, "too large to decode: %d x %d pixels (at most %d million)",
                    size[0], size[1], MAX_PIXELS / 1_000_000));
        }
        Mat bgr = decode(file, IMREAD_COLOR);
        if (bgr.empty()) {
            bgr.close();
            throw new Unreadable(file, "cannot decode image");
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
     * upscales. The caller owns what it returns and closes it, whether or not it was resized:
     * when the image is no wider than {@code width}, a second header on the same pixels (OpenCV
     * counts their owners), so that closing it leaves the input whole and costs no copy.
     */
    public static Mat downscale(Mat image, int width) {
        return downscale(image, width, INTER_AREA);
    }

    private static Mat downscale(Mat image, int width, int interpolation) {
        if (width <= 0 || image.cols() <= width) {
            return new Mat(image);
        }
        int height = (int) (image.rows() * ((double) width / image.cols()));
        Mat small = new Mat();
        try (Size size = new Size(width, Math.max(height, 1))) {
            resize(image, small, size, 0, 0, interpolation);
        }
        return small;
    }

    /** A BGR image as JPEG bytes (OpenCV's default quality, 95). */
    public static byte[] jpeg(Mat bgr) {
        return encode(bgr, ".jpg");
    }

    /** A BGR image as the bytes of a file of that extension ({@code .jpg}, {@code .png}), by OpenCV. */
    public static byte[] encode(Mat bgr, String extension) {
        try (org.bytedeco.javacpp.BytePointer buf = new org.bytedeco.javacpp.BytePointer()) {
            if (!org.bytedeco.opencv.global.opencv_imgcodecs.imencode(extension, bgr, buf)) {
                throw new FacerecException("cannot encode a " + bgr.cols() + "x" + bgr.rows() + " image as " + extension);
            }
            byte[] bytes = new byte[(int) buf.limit()];
            buf.get(bytes);
            return bytes;
        }
    }
}
