package facerec.face;

/**
 * How faces are found and embedded. The defaults are face_recognition's: HOG, one
 * upsampling, the 5-point aligner and no jitter.
 *
 * @param method   the detector
 * @param upsample how many times the image is doubled before detection (finds smaller faces)
 * @param landmarks 5 or 68: which shape predictor aligns the face for the encoder
 * @param jitters  how many jittered copies of each face chip are embedded and averaged
 */
public record FaceSettings(Method method, int upsample, int landmarks, int jitters) implements java.io.Serializable {

    /**
     * The detectors: dlib's HOG (frontal faces of about 80 pixels, 40 upsampled once), dlib's
     * MMOD CNN (more angles, slow on a CPU), and CenterFace (small and turned faces, see
     * {@link CenterFace}).
     */
    public enum Method {
        HOG, CNN, CENTERFACE;

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    public static final FaceSettings DEFAULT = new FaceSettings(Method.HOG, 1, 5, 1);

    /**
     * {@code --upsample} when not given: face_recognition's 1 for dlib's detectors; 0 for
     * CenterFace, which finds faces of 10 pixels without it.
     */
    public static int defaultUpsample(Method method) {
        return method == Method.CENTERFACE ? 0 : 1;
    }

    public FaceSettings {
        if (upsample < 0 || upsample > 8) {
            throw new IllegalArgumentException("upsample must be 0 to 8, not " + upsample);
        }
        if (landmarks != 5 && landmarks != 68) {
            throw new IllegalArgumentException("landmarks must be 5 or 68, not " + landmarks);
        }
        if (jitters < 1) {
            throw new IllegalArgumentException("jitters must be at least 1, not " + jitters);
        }
    }
}
