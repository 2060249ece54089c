package facerec.bench;

import facerec.face.Box;
import facerec.face.CenterFace;
import facerec.face.FaceAnalyzer;
import facerec.face.FaceSettings;
import facerec.face.Models;
import facerec.store.EncodingStore;
import facerec.synth.EditedClip;
import facerec.synth.WideShot;
import facerec.video.Images;
import facerec.video.VideoReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.opencv.opencv_core.Mat;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * How to align CenterFace's faces for dlib's ResNet, two ways, judged by the distance of each
 * face to its own person's enrolment against the distance to the nearest other person:
 * <ul>
 * <li>(d) dlib's: CenterFace's box mapped to dlib's geometry, dlib's 5-point shape predictor in
 *     it, and dlib's chip from those points (what recognize does);</li>
 * <li>(c) CenterFace's own five landmarks (eyes, nose tip, mouth corners), fitted by a
 *     similarity transform to where those points lie in dlib's chip. That template is measured
 *     on the enrolment photos (their dlib chips), never on the faces judged.</li>
 * </ul>
 * The faces judged are those of real recordings in edited clips with a truth (the wide shots of
 * facerec.synth.WideShot, 20 to 300 pixels; the alternating clip, 108 to 155), every 10th frame,
 * found by CenterFace at --min-face 20's scale, as recognize finds them.
 * Usage: java -cp CLASSPATH facerec.bench.Alignment DATA STORE (VIDEO TRUTH)...
 */
public class Alignment {
    /** dlib's chip of 150 pixels with padding 0.25 (face_recognition's): where its 5 points go (interpolation.h). */
    static final double[][] DLIB = {{0.8595674595992, 0.2134981538014}, {0.6460604764104, 0.2289674387677},
        {0.1205750620789, 0.2137274526848}, {0.3340850613712, 0.2290642403242}, {0.4901123135679, 0.6277975316475}};
    static final double CHIP = 150, PADDING = 0.25, TOLERANCE = 0.6;

    public static void main(String[] args) throws Exception {
        Models models = new Models(Path.of(System.getenv().getOrDefault("FACEREC_MODELS", "models")));
        Map<String, List<double[]>> enrolled = new HashMap<>();
        for (EncodingStore.StoredFace f : EncodingStore.read(Path.of(args[1])).faces()) {
            enrolled.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f.embedding());
        }
        double[][] chipDlib = new double[5][];
        for (int k = 0; k < 5; k++) {
            chipDlib[k] = new double[] {(PADDING + DLIB[k][0]) / (2 * PADDING + 1) * CHIP, (PADDING + DLIB[k][1]) / (2 * PADDING + 1) * CHIP};
        }
        try (CenterFace centerface = new CenterFace(models.dir().resolve(CenterFace.MODEL));
                FaceAnalyzer analyzer = new FaceAnalyzer(models, new FaceSettings(FaceSettings.Method.CENTERFACE, 0, 5, 1))) {
            // CenterFace's points in dlib's chip, from the enrolment photos.
            double[][] template = new double[5][2];
            int photos = 0;
            List<Path> files;
            try (var walk = Files.walk(Path.of(args[0]))) {
                files = walk.filter(Images::isImage).sorted().toList();
            }
            for (Path file : files) {
                try (Mat rgb = Images.readRgb(file)) {
                    CenterFace.Face face = largest(centerface.detect(rgb, 1, CenterFace.THRESHOLD));
                    if (face == null) {
                        continue;
                    }
                    int[] d = analyzer.landmarks(rgb, CenterFace.dlibBox(face.box()));
                    double[] toChip = fit(points(d), chipDlib);
                    for (int j = 0; j < 5; j++) {
                        double[] p = apply(toChip, face.landmarks()[2 * j], face.landmarks()[2 * j + 1]);
                        template[j][0] += p[0];
                        template[j][1] += p[1];
                    }
                    photos++;
                }
            }
            for (double[] t : template) {
                t[0] /= photos;
                t[1] /= photos;
            }
            System.out.printf("CenterFace's points in dlib's 150-pixel chip, from %d enrolment photos:", photos);
            for (double[] t : template) {
                System.out.printf(" (%.1f, %.1f)", t[0], t[1]);
            }
            System.out.println();
            TreeMap<Integer, double[]> bySize = new TreeMap<>();
            for (int a = 2; a + 1 < args.length; a += 2) {
                judge(Path.of(args[a]), Path.of(args[a + 1]), centerface, analyzer, template, chipDlib, enrolled, bySize);
            }
            System.out.println("face px   faces  own (d)  own (c)  margin (d)  margin (c)  within 0.6 (d)  (c)  nearer another (d)  (c)");
            double[] all = new double[11];
            bySize.forEach((size, s) -> {
                print(String.format("%5d", size), s);
                for (int i = 0; i < s.length; i++) {
                    all[i] += s[i];
                }
            });
            print("  all", all);
        }
    }

    /** Per face: [faces, own d, own c, margin d, margin c, within d, within c, nearer-another d, c]. */
    static void print(String label, double[] s) {
        double n = s[0];
        System.out.printf("%s  %6d  %7.3f  %7.3f  %10.3f  %10.3f  %14.1f%%  %4.1f%%  %18d  %3d%n", label, (int) n, s[1] / n, s[2] / n,
                s[3] / n, s[4] / n, 100 * s[5] / n, 100 * s[6] / n, (int) s[7], (int) s[8]);
    }

    static void judge(Path video, Path truthFile, CenterFace centerface, FaceAnalyzer analyzer, double[][] template,
            double[][] chipDlib, Map<String, List<double[]>> enrolled, TreeMap<Integer, double[]> bySize) throws Exception {
        boolean wide = Files.readString(truthFile).contains("\"tiles\"");
        WideShot.Truth tiles = wide ? WideShot.Truth.read(truthFile) : null;
        EditedClip.Truth spans = wide ? null : EditedClip.Truth.read(truthFile);
        try (VideoReader reader = new VideoReader(video.toString(), false)) {
            int width = new facerec.recognize.Recognizer.Options(FaceSettings.Method.CENTERFACE, 0, 400, 20, 0.6, false, 1, 1, 8,
                    facerec.face.FaceTracker.Kind.KCF, false, 0).detectionWidth(reader.width(), reader.height());
            int index = 0;
            for (VideoReader.Item item; (item = reader.next()) != null; ) {
                if (!(item instanceof VideoReader.Picture p)) {
                    continue;
                }
                int frame = index++;
                try (Mat bgr = p.bgr()) {
                    if (frame % 10 != 0) {
                        continue;
                    }
                    try (Mat small = Images.downscale(bgr, width); Mat rgb = new Mat()) {
                        double scale = bgr.cols() / (double) small.cols();
                        cvtColor(small, rgb, COLOR_BGR2RGB);
                        List<CenterFace.Face> faces = centerface.detect(rgb, 1, CenterFace.THRESHOLD);
                        for (CenterFace.Face face : faces) {
                            String person;
                            int size;
                            if (wide) {
                                int cx = (int) ((face.box().left() + face.box().right()) / 2.0 * scale);
                                int cy = (int) ((face.box().top() + face.box().bottom()) / 2.0 * scale);
                                WideShot.Tile t = tiles.tiles().stream().filter(x -> cx >= x.x() && cx < x.x() + x.width()
                                        && cy >= x.y() && cy < x.y() + x.height()).findFirst().orElse(null);
                                if (t == null) {
                                    continue;
                                }
                                person = t.person();
                                size = t.face();
                            } else {
                                person = spans.person(frame);
                                if (person == null || face != largest(faces)) {
                                    continue;
                                }
                                size = (int) Math.round(CenterFace.dlibBox(face.box()).width() * scale / 25) * 25;
                            }
                            Box box = CenterFace.dlibBox(face.box());
                            int[] byDlib = analyzer.landmarks(rgb, box);
                            double[] fromChip = fit(template, points(face.landmarks()));
                            int[] byCenterFace = new int[10];
                            for (int k = 0; k < 5; k++) {
                                double[] q = apply(fromChip, chipDlib[k][0], chipDlib[k][1]);
                                byCenterFace[2 * k] = (int) Math.round(q[0]);
                                byCenterFace[2 * k + 1] = (int) Math.round(q[1]);
                            }
                            double[][] e = analyzer.encodeAt(rgb, List.of(box, box), List.of(byDlib, byCenterFace));
                            double[] s = bySize.computeIfAbsent(size, k -> new double[11]);
                            s[0]++;
                            for (int w = 0; w < 2; w++) {
                                double own = nearest(e[w], enrolled, person, true);
                                double other = nearest(e[w], enrolled, person, false);
                                s[1 + w] += own;
                                s[3 + w] += other - own;
                                s[5 + w] += own <= TOLERANCE ? 1 : 0;
                                s[7 + w] += other < own ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }
    }

    static double nearest(double[] e, Map<String, List<double[]>> enrolled, String person, boolean own) {
        double best = Double.MAX_VALUE;
        for (var entry : enrolled.entrySet()) {
            if (entry.getKey().equals(person) == own) {
                for (double[] x : entry.getValue()) {
                    best = Math.min(best, FaceAnalyzer.distance(e, x));
                }
            }
        }
        return best;
    }

    static CenterFace.Face largest(List<CenterFace.Face> faces) {
        return faces.stream().max(java.util.Comparator.comparingInt(f -> f.box().width())).orElse(null);
    }

    static double[][] points(int[] xy) {
        double[][] p = new double[xy.length / 2][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {xy[2 * i], xy[2 * i + 1]};
        }
        return p;
    }

    static double[][] points(float[] xy) {
        double[][] p = new double[xy.length / 2][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {xy[2 * i], xy[2 * i + 1]};
        }
        return p;
    }

    /**
     * The least-squares similarity transform taking points {@code from} to {@code to}, as
     * {a, b, tx, ty}: x' = a x - b y + tx, y' = b x + a y + ty (dlib's find_similarity_transform).
     */
    static double[] fit(double[][] from, double[][] to) {
        int n = from.length;
        double fx = 0, fy = 0, tx = 0, ty = 0;
        for (int i = 0; i < n; i++) {
            fx += from[i][0] / n;
            fy += from[i][1] / n;
            tx += to[i][0] / n;
            ty += to[i][1] / n;
        }
        double sxx = 0, sxy = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double ax = from[i][0] - fx, ay = from[i][1] - fy, bx = to[i][0] - tx, by = to[i][1] - ty;
            sxx += ax * bx + ay * by;
            sxy += ax * by - ay * bx;
            norm += ax * ax + ay * ay;
        }
        double a = sxx / norm, b = sxy / norm;
        return new double[] {a, b, tx - (a * fx - b * fy), ty - (b * fx + a * fy)};
    }

    static double[] apply(double[] t, double x, double y) {
        return new double[] {t[0] * x - t[1] * y + t[2], t[1] * x + t[0] * y + t[3]};
    }
}
