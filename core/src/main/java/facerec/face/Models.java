package facerec.face;

import facerec.FacerecException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The folder of the model files, dlib's and CenterFace's (scripts/fetch-models.sh fills it): {@code --models DIR},
 * else {@code $FACEREC_MODELS}, else {@code models/}.
 */
public record Models(Path dir) {
    public static final String ENCODER = "dlib_face_recognition_resnet_model_v1.dat";
    public static final String ENCODER_NAME = "dlib_face_recognition_resnet_model_v1";
    public static final String LANDMARKS_5 = "shape_predictor_5_face_landmarks.dat";
    public static final String LANDMARKS_68 = "shape_predictor_68_face_landmarks.dat";
    public static final String CNN_DETECTOR = "mmod_human_face_detector.dat";
    public static final String CENTERFACE = CenterFace.MODEL;

    /** The folder given on the command line, or the default. */
    public static Models locate(Path option) {
        if (option != null) {
            return new Models(option);
        }
        String env = System.getenv("FACEREC_MODELS");
        return new Models(Path.of(env != null && !env.isBlank() ? env : "models"));
    }

    /** A model file that exists, or a one-line error that says how to get it. */
    public Path file(String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new FacerecException("model file " + file + " not found (run scripts/fetch-models.sh, or pass --models DIR)");
        }
        return file;
    }

    public Path landmarks(int points) {
        return file(points == 68 ? LANDMARKS_68 : LANDMARKS_5);
    }

    /** The encoder's SHA-256: stores record it so that embeddings of different models never meet. */
    public String encoderSha256() {
        return sha256(file(ENCODER));
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new FacerecException("cannot read " + file + ": " + FacerecException.reason(e), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
