package facerec.people;

import facerec.face.FaceCrop;
import java.util.List;

/**
 * One track of one input, as the people outputs need it: who it was named, when it was seen,
 * its closest distance to the store, the mean of its embeddings and its best crops (a few at
 * most, however long the track: never frames).
 *
 * @param distance the closest distance of the name's votes (infinite for {@code Unknown})
 * @param mean     the mean of its embeddings, which clusters unknown people; empty for a named
 *                 track that has ended, which nothing clusters
 * @param crops    best first
 */
public record TrackFaces(String input, int track, String name, int firstFrame, int lastFrame, double firstMs,
        double lastMs, double distance, int embeddings, double[] mean, List<Crop> crops) {
    /** A crop and the frame it was cut from. */
    public record Crop(int frame, FaceCrop face) {}

    public int frames() {
        return lastFrame - firstFrame + 1;
    }

    /** The best crop's quality, 0 without one. */
    public double quality() {
        return crops.isEmpty() ? 0 : crops.get(0).face().quality();
    }
}
