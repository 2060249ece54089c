package facerec.synth;

import facerec.dlib.Dlib;
import facerec.face.Detection;
import facerec.face.FaceAnalyzer;
import facerec.face.FaceSettings;
import facerec.face.Models;
import facerec.video.VideoReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The binding's CNN call, timed on one real frame, for scripts/bench-cnn.sh to set beside dlib
 * called from plain C++ (src/bench/cpp/cnn_detect.cpp) on the same bytes: takes frame FRAME of
 * CLIP, scales it to WIDTH as recognize does, writes its RGB bytes to OUT, then times REPS calls
 * of {@link FaceAnalyzer#locate} (the JNI call and the copy of the boxes) and prints the median
 * and the boxes in dlib's (left, top, right, bottom).
 * Usage: {@code CnnBench MODELS CLIP FRAME WIDTH UPSAMPLE REPS OUT.rgb}
 */
public final class CnnBench {
    private CnnBench() {}

    public static void main(String[] args) throws IOException {
        Models models = new Models(Path.of(args[0]));
        int index = Integer.parseInt(args[2]);
        int width = Integer.parseInt(args[3]);
        int upsample = Integer.parseInt(args[4]);
        int reps = Integer.parseInt(args[5]);
        Dlib.setBlasThreads(1);
        try (VideoReader reader = new VideoReader(args[1], false); Mat rgb = new Mat()) {
            VideoReader.Item item;
            int i = 0;
            while ((item = reader.next()) != null && !(item instanceof VideoReader.Picture && i++ == index)) {
                if (item instanceof VideoReader.Picture p) {
                    p.bgr().close();
                }
            }
            if (item == null) {
                throw new IllegalArgumentException(args[1] + " has no frame " + index);
            }
            try (Mat bgr = ((VideoReader.Picture) item).bgr(); Mat small = new Mat()) {
                int height = (int) Math.round(bgr.rows() * (double) width / bgr.cols());
                opencv_imgproc.resize(bgr, small, new Size(width, height), 0, 0, opencv_imgproc.INTER_AREA);
                opencv_imgproc.cvtColor(small, rgb, opencv_imgproc.COLOR_BGR2RGB);
            }
            byte[] bytes = new byte[rgb.rows() * rgb.cols() * 3];
            rgb.data().get(bytes);
            Files.write(Path.of(args[6]), bytes);
            try (FaceAnalyzer analyzer = new FaceAnalyzer(models, new FaceSettings(FaceSettings.Method.CNN, upsample, 5, 1))) {
                double[] ms = new double[reps];
                List<Detection> found = List.of();
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    found = analyzer.locate(rgb);
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "frame %dx%d, median %.1f ms%n", rgb.cols(), rgb.rows(), ms[reps / 2]);
                for (Detection d : found) {
                    // face_recognition's (top, right, bottom, left) is dlib's rectangle trimmed to the image.
                    System.out.printf("box %d %d %d %d%n", d.box().left(), d.box().top(), d.box().right(), d.box().bottom());
                }
            }
        }
    }
}
