package facerec.spark;

import java.io.Serializable;
import java.util.List;

/** What a task sends back: the batch line of its video (docs/FORMATS.md), whether it failed, its rows. */
public record Outcome(String input, String line, boolean failed, String error, List<Appearance> appearances)
        implements Serializable {}
