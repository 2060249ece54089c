package facerec.spark;

import facerec.recognize.Inputs;
import java.nio.file.Path;

import facerec.recognize.Recognizer;
import java.io.Serializable;

/**
 * What every task needs to know, sent with the tasks: the store and models (paths that every
 * executor can read: a shared file system, or files shipped with {@code spark-submit --files},
 * found by their name), the recognition options, whether the annotated video is written, and
 * how long the ranges of a long video are (0: never split); the driver's working directory,
 * against which an input given as a relative path is read (an executor's JVM runs elsewhere).
 */
public record JobSettings(String store, String models, Recognizer.Options options, boolean video, double rangeSeconds,
        String workingDir) implements Serializable {
    /** Where an executor reads {@code input}: a relative local path is the driver's. */
    String source(String input) {
        // A URL, or a path with FFmpeg's or Hadoop's scheme (file:/x): not a path of the driver's.
        if (Inputs.isUrl(input) || input.matches("[A-Za-z][A-Za-z0-9+.-]*:.*") || Path.of(input).isAbsolute()) {
            return input;
        }
        return Path.of(workingDir).resolve(input).toString();
    }
}
