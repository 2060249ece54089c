package facerec.spark;

import facerec.export.Appearance;
import facerec.recognize.Ranges;
import java.io.Serializable;
import java.util.List;

/**
 * What a task sends back: the batch line of its video (docs/FORMATS.md), whether it failed,
 * its rows; for a range, its part of the whole ({@code part}) and its time, for the driver to merge.
 */
public record Outcome(String input, String line, boolean failed, String error, List<Appearance> appearances,
        Ranges.Part part, double seconds) implements Serializable {}
