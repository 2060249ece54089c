package facerec.bench;

import facerec.dlib.Dlib;
import facerec.face.Box;
import facerec.face.Detection;
import facerec.face.FaceAnalyzer;
import facerec.face.FaceSettings;
import facerec.face.Models;
import facerec.face.StageTimes;
import facerec.video.Images;
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
 * called from plain C++ (bench/src/main/cpp/cnn_detect.cpp) on the same bytes: takes frame FRAME of
 * CLIP, scales it to WIDTH as recognize does, writes its RGB bytes to OUT, then times REPS calls
 * of {@link FaceAnalyzer#locate} (the JNI call and the copy of the boxes) and prints the median
 * and the boxes in dlib's (left, top, right, bottom).
 * Usage: {@code CnnBench MODELS CLIP FRAME WIDTH UPSAMPLE REPS OUT.rgb}, or
 * {@code CnnBench numbers MODELS IMAGES} (below).
 */
public final class CnnBench {
    private CnnBench() {}

    /**
     * {@code CnnBench numbers MODELS IMAGES}: dlib's own networks' numbers on face_recognition's
     * test photos, every digit, one per line: the CNN detector's scores at four widths and the
     * encoder's 128 numbers per face. Run under several OpenBLAS kernels, they show how far
     * dlib's own numbers move with the order of sums (the tests' tolerances). Each line also
     * says whether the binding's networks gave the same, to the bit.
     */
    private static void numbers(Models models, Path images) {
        Dlib.setBlasThreads(1);
        FaceSettings cnn = new FaceSettings(FaceSettings.Method.CNN, 1, 5, 1);
        try (FaceAnalyzer fast = new FaceAnalyzer(models, cnn);
                FaceAnalyzer dlib = new FaceAnalyzer(models, cnn, new StageTimes(), FaceAnalyzer.Convolution.DLIB);
                FaceAnalyzer hog = new FaceAnalyzer(models, FaceSettings.DEFAULT);
                FaceAnalyzer hogDlib = new FaceAnalyzer(models, FaceSettings.DEFAULT, new StageTimes(),
                        FaceAnalyzer.Convolution.DLIB)) {
            for (String name : new String[] {"obama.jpg", "obama2.jpg", "biden.jpg", "32bit.png", "stranger.jpg"}) {
                try (Mat photo = Images.readRgb(images.resolve(name))) {
                    for (int width : new int[] {160, 200, 301, 401}) {
                        try (Mat small = new Mat()) {
                            opencv_imgproc.resize(photo, small, new Size(width, photo.rows() * width / photo.cols()), 0, 0,
                                    opencv_imgproc.INTER_AREA);
                            List<Detection> want = dlib.locate(small);
                            String same = want.equals(fast.locate(small)) ? "same" : "differs";
                            for (Detection d : want) {
                                System.out.println("score " + name + "@" + width + " " + d.score() + " " + same);
                            }
                        }
                    }
                    List<Box> boxes = hog.locate(photo).stream().map(Detection::box).toList();
                    double[][] want = hogDlib.encode(photo, boxes);
                    double[][] got = hog.encode(photo, boxes);
                    for (int f = 0; f < want.length; f++) {
                        String same = Arrays.equals(want[f], got[f]) ? "same" : "differs";
                        for (double v : want[f]) {
                            System.out.println("embedding " + name + "#" + f + " " + v + " " + same);
                        }
                    }
                }
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("numbers")) {
            numbers(new Models(Path.of(args[1])), Path.of(args[2]));
            return;
        }
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
