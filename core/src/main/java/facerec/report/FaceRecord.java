package facerec.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import facerec.face.Box;

/** One face of one frame in the report: the chosen name, its distance and votes, the box in frame pixels. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaceRecord(String name, double distance, int votes, Box box, Integer track) {
    public FaceRecord(String name, double distance, int votes, Box box) {
        this(name, distance, votes, box, null);
    }
}
