package facerec.recognize;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A track's ending state, for the report's {@code tracks} (docs/FORMATS.md): one person
 * followed from frame to frame, named by the vote of its embeddings; when it was shown (null
 * for a track the run stopped before showing) and the closest distance of its name's votes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrackRecord(int id, String name, int firstFrame, int lastFrame, Double firstMs, Double lastMs, int votes,
        int embeddings, Double distance) implements java.io.Serializable {}
