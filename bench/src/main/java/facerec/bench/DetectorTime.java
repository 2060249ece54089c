package facerec.bench;

import facerec.face.FaceAnalyzer;
import facerec.face.FaceSettings;
import facerec.face.FaceTracker;
import facerec.face.Models;
import facerec.recognize.Recognizer;
import facerec.video.Images;
import facerec.video.VideoReader;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * One detector call, as recognize makes it on a frame of VIDEO: HOG at the tutorial's width
 * and CenterFace at the scale that --min-face 20 sets. Prints the median of 15 calls of each,
 * on one thread, after 3 to warm up, and their ratio.
 * Usage: java -cp CLASSPATH facerec.bench.DetectorTime VIDEO [FRAME]
 */
public class DetectorTime {
    public static void main(String[] args) throws Exception {
        org.bytedeco.opencv.global.opencv_core.setNumThreads(1);
        Models models = new Models(Path.of(System.getenv().getOrDefault("FACEREC_MODELS", "models")));
        int skip = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (VideoReader reader = new VideoReader(args[0], false)) {
            Mat bgr = null;
            for (int i = 0; i <= skip; i++) {
                if (bgr != null) {
                    bgr.close();
                }
                bgr = ((VideoReader.Picture) reader.next()).bgr();
            }
            double hog = 0;
            StringBuilder line = new StringBuilder(reader.width() + "x" + reader.height() + ":");
            for (FaceSettings.Method method : new FaceSettings.Method[] {FaceSettings.Method.HOG, FaceSettings.Method.CENTERFACE}) {
                Recognizer.Options o = new Recognizer.Options(method, FaceSettings.defaultUpsample(method),
                        Recognizer.Options.WIDTH, Recognizer.Options.MIN_FACE, 0.6, false, 1, 1, 8, FaceTracker.Kind.KCF, false, 0);
                int width = o.detectionWidth(reader.width(), reader.height());
                try (FaceAnalyzer analyzer = new FaceAnalyzer(models, new FaceSettings(method, o.upsample(), 5, 1));
                        Mat small = Images.downscale(bgr, width); Mat rgb = new Mat()) {
                    cvtColor(small, rgb, COLOR_BGR2RGB);
                    double[] ms = new double[18];
                    int faces = 0;
                    for (int i = 0; i < ms.length; i++) {
                        long t0 = System.nanoTime();
                        faces = analyzer.locate(rgb).size();
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                    double[] timed = java.util.Arrays.copyOfRange(ms, 3, ms.length);
                    java.util.Arrays.sort(timed);
                    double median = timed[timed.length / 2];
                    if (method == FaceSettings.Method.HOG) {
                        hog = median;
                    }
                    line.append(String.format(" %s at %dx%d %.1f ms (%d faces);", method, rgb.cols(), rgb.rows(), median, faces));
                    if (method != FaceSettings.Method.HOG) {
                        line.append(String.format(" ratio to hog %.2f", median / hog));
                    }
                }
            }
            System.out.println(line);
        }
    }
}
