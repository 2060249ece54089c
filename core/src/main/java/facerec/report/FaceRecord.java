package facerec.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import facerec.face.Box;
import java.util.Arrays;
import java.util.Objects;

/**
 * One face of one frame in the report: the chosen name, its distance and votes, the box in frame
 * pixels, its track, and on a frame where the face was detected its embedding (null on the
 * frames a tracker followed it), from which {@code facerec relabel} names it again. dlib's
 * network computes in single precision, so floats keep the embedding whole at half the text.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaceRecord(String name, double distance, int votes, Box box, Integer track, float[] embedding) {
    public FaceRecord(String name, double distance, int votes, Box box, Integer track) {
        this(name, distance, votes, box, track, null);
    }

    public FaceRecord(String name, double distance, int votes, Box box) {
        this(name, distance, votes, box, null, null);
    }

    /** The same face under another name, with that name's distance and votes. */
    public FaceRecord renamed(String name, double distance, int votes) {
        return new FaceRecord(name, distance, votes, box, track, embedding);
    }

    /** The embedding as the matcher takes it, or null. */
    public double[] embeddingValues() {
        if (embedding == null) {
            return null;
        }
        double[] d = new double[embedding.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = embedding[i];
        }
        return d;
    }

    public static float[] floats(double[] embedding) {
        float[] f = new float[embedding.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) embedding[i];
        }
        return f;
    }

    // A record compares arrays by identity: a report read back must equal the faces written.
    @Override
    public boolean equals(Object o) {
        return o instanceof FaceRecord f && Objects.equals(name, f.name) && Double.compare(distance, f.distance) == 0
                && votes == f.votes && Objects.equals(box, f.box) && Objects.equals(track, f.track)
                && Arrays.equals(embedding, f.embedding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, distance, votes, box, track) * 31 + Arrays.hashCode(embedding);
    }

    @Override
    public String toString() {
        return "FaceRecord[name=" + name + ", distance=" + distance + ", votes=" + votes + ", box=" + box + ", track="
                + track + (embedding == null ? "" : ", embedding=" + embedding.length + " floats") + "]";
    }
}
