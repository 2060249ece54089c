package facerec.cli;

import facerec.face.CenterFace;
import facerec.face.FaceSettings;
import facerec.face.FaceTracker;
import facerec.recognize.Recognizer;
import facerec.video.VideoReader;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How faces are found and named: the options of {@code facerec recognize} that shape the
 * recognition itself, as a picocli mixin, so that the Spark job ({@code facerec.spark}) takes
 * them with the same names, defaults and checks.
 */
public final class RecognitionOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-d", "--detection-method"}, paramLabel = "hog|cnn|centerface", defaultValue = "hog",
            description = "Default: ${DEFAULT-VALUE}.")
    FaceSettings.Method method;

    @Option(names = "--width", paramLabel = "PX",
            description = "hog and cnn: frames are downscaled to this width for detection (never upscaled). Default: 400.")
    Integer width;

    @Option(names = "--min-face", paramLabel = "PX", description = {
            "centerface: the smallest face to find, in the video's pixels; frames are scaled for it (never",
            "upscaled, at most " + CenterFace.MAX_SIDE + " pixels on a side). Default: " + Recognizer.Options.MIN_FACE + "."})
    Integer minFace;

    @Option(names = "--upsample", paramLabel = "N", description = "Default: 1 (0 for centerface).")
    Integer upsample;

    @Option(names = "--tolerance", paramLabel = "D", defaultValue = "0.6",
            description = "Stored faces within this distance vote. Lower is stricter. Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Option(names = "--show-distance", description = "Print the distance beside each name.")
    boolean showDistance;

    @Option(names = "--gap", paramLabel = "SECONDS", defaultValue = "1.0",
            description = "Appearances closer than this join one segment. Default: ${DEFAULT-VALUE}.")
    double gap;

    @Option(names = "--detect-every", paramLabel = "N", defaultValue = "" + Recognizer.Options.DETECT_EVERY,
            description = {"Detect faces on every Nth frame and track them in between; 1 detects on every frame",
                    "(the tutorial's behaviour, each face named on its own). Default: ${DEFAULT-VALUE}."})
    int detectEvery;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "" + VideoReader.TIMEOUT,
            description = {"A network input that keeps its connection or a read waiting this long fails",
                    "(that input only); 0 waits forever. Default: ${DEFAULT-VALUE}."})
    int timeout;

    @Option(names = "--tracker", paramLabel = "kcf|dlib", defaultValue = "kcf",
            description = "What follows faces between detections: OpenCV's KCF or dlib's correlation tracker. Default: ${DEFAULT-VALUE}.")
    FaceTracker.Kind tracker;

    @Option(names = "--threads", paramLabel = "N", description = "Workers. Default: the number of cores.")
    Integer threads;

    @Option(names = "--models", paramLabel = "DIR", description = "dlib's model files. Default: $FACEREC_MODELS, else models/.")
    Path models;

    public Path models() {
        return models;
    }

    /** {@code --threads} as given, or null. */
    public Integer threadsGiven() {
        return threads;
    }

    public double tolerance() {
        return tolerance;
    }

    /**
     * The detector when none was asked for ({@code --detection-method}, or {@code --width},
     * which is hog's and cnn's): a command may need one that finds more faces than hog does.
     */
    void defaultMethod(FaceSettings.Method m) {
        var given = spec.commandLine().getParseResult();
        if (!given.hasMatchedOption("--detection-method") && !given.hasMatchedOption("--width")) {
            method = m;
        }
    }

    /**
     * The checked options, as usage errors (exit 2) that name the option.
     *
     * @param threads the workers, when the caller decides them (a Spark task's cores); null for {@code --threads}
     * @param people  keep what the people outputs need ({@link Recognizer.Options#people})
     */
    public Recognizer.Options toOptions(Integer threads, boolean people) {
        boolean centerface = method == FaceSettings.Method.CENTERFACE;
        if (centerface && width != null) {
            throw usage("--width is for hog and cnn: centerface scales frames for --min-face");
        }
        if (!centerface && minFace != null) {
            throw usage("--min-face is for --detection-method centerface: hog and cnn detect at --width");
        }
        if (width != null && width < 16) {
            throw usage("--width must be at least 16, not " + width);
        }
        if (minFace != null && (minFace < 1 || minFace > 100_000)) {
            throw usage("--min-face must be 1 to 100000, not " + minFace);
        }
        if (!(tolerance > 0)) {
            throw usage("--tolerance must be above 0, not " + tolerance);
        }
        if (!(gap >= 0)) {
            throw usage("--gap must be 0 or more, not " + gap);
        }
        if (detectEvery < 1 || detectEvery > 1000) {
            throw usage("--detect-every must be 1 to 1000, not " + detectEvery);
        }
        if (timeout < 0 || timeout > 86_400) {
            throw usage("--timeout must be 0 to 86400 seconds, not " + timeout);
        }
        FaceSettings s = Options.settings(spec, method, upsample, 5, 1);
        return new Recognizer.Options(s.method(), s.upsample(), width != null ? width : Recognizer.Options.WIDTH,
                centerface ? (minFace != null ? minFace : Recognizer.Options.MIN_FACE) : 0, tolerance, showDistance, gap,
                threads != null ? threads : Options.threads(spec, this.threads), detectEvery, tracker, people, timeout);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
