package facerec.recognize;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A track's ending state, for the report's {@code tracks} (docs/FORMATS.md): one person
 * followed from frame to frame, named by the vote of its embeddings; when it was shown (null
 * for a track the run stopped before showing) and the closest distance of its name's votes;
 * how many of its embeddings had voted when its name was fixed, as it was first shown (null
 * when each face is named by its own embedding, or the track was never shown).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrackRecord(int id, String name, int firstFrame, int lastFrame, Double firstMs, Double lastMs, int votes,
        int embeddings, Double distance, Integer settledBy) implements java.io.Serializable {
    /** A track whose name no vote of its first embeddings settled (a joined one, or a hand-made one). */
    public TrackRecord(int id, String name, int firstFrame, int lastFrame, Double firstMs, Double lastMs, int votes,
            int embeddings, Double distance) {
        this(id, name, firstFrame, lastFrame, firstMs, lastMs, votes, embeddings, distance, null);
    }

    /** The same track under another name, with that name's votes and closest distance. */
    public TrackRecord renamed(String name, int votes, Double distance) {
        return new TrackRecord(id, name, firstFrame, lastFrame, firstMs, lastMs, votes, embeddings, distance, settledBy);
    }
}
