package facerec.cli;

import facerec.encode.DatasetEncoder.MultiFace;
import facerec.face.FaceSettings;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How photos are turned into embeddings: the options of {@code facerec encode} that shape the
 * store, as a picocli mixin, so that the Spark job's encode ({@code facerec.spark}) takes them
 * with the same names, defaults and checks, and writes the same store.
 */
public final class EncodingOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-d", "--detection-method"}, paramLabel = "hog|cnn|centerface", defaultValue = "hog",
            description = "HOG (fast, frontal faces), dlib's CNN (slower, more angles) or CenterFace (small and turned faces). "
                    + "Default: ${DEFAULT-VALUE}.")
    FaceSettings.Method method;

    @Option(names = "--upsample", paramLabel = "N",
            description = "Times to double the image before detecting (finds smaller faces). Default: 1 (0 for centerface).")
    Integer upsample;

    @Option(names = "--landmarks", paramLabel = "5|68", defaultValue = "5",
            description = "Landmark model that aligns faces. Default: ${DEFAULT-VALUE}.")
    int landmarks;

    @Option(names = "--jitters", paramLabel = "N", defaultValue = "1",
            description = "Embed N jittered copies of each face and average them (N times slower). Default: ${DEFAULT-VALUE}.")
    int jitters;

    @Option(names = "--multi-face", paramLabel = "largest|skip|all", defaultValue = "largest",
            description = "A photo with several faces: keep the largest, skip the photo, or keep all. Default: ${DEFAULT-VALUE}.")
    MultiFace multiFace;

    @Option(names = "--threads", paramLabel = "N", description = "Photos encoded in parallel. Default: the number of cores.")
    Integer threads;

    @Option(names = "--models", paramLabel = "DIR", description = "dlib's model files. Default: $FACEREC_MODELS, else models/.")
    Path models;

    /** The checked settings, as usage errors (exit 2) that name the option. */
    public FaceSettings settings() {
        return Options.settings(spec, method, upsample, landmarks, jitters);
    }

    /** Workers: {@code --threads}, checked, or the cores. */
    public int threads() {
        return Options.threads(spec, threads);
    }

    /** {@code --threads} as given, or null. */
    public Integer threadsGiven() {
        return threads;
    }

    public MultiFace multiFace() {
        return multiFace;
    }

    public Path models() {
        return models;
    }
}
