package facerec.face;

/** A face found by a detector: its box in image pixels and the detector's confidence. */
public record Detection(Box box, double score) {}
