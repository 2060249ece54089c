package facerec.recognize;

import facerec.face.Box;
import java.io.Serializable;
import java.util.List;

/**
 * A track at the edge of a range of a video ({@link Recognizer.Range}), for joining ranges as
 * the whole video's run would have linked them: at a range's end, the box of its last frame and
 * its last embeddings; at a range's start, its first box and embedding. {@code name} is the
 * name its frames show.
 */
public record TrackEdge(int track, String name, Box box, List<double[]> embeddings) implements Serializable {}
