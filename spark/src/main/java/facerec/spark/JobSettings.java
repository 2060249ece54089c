package facerec.spark;

import facerec.recognize.Recognizer;
import java.io.Serializable;

/**
 * What every task needs to know, sent with the tasks: the store and models (paths that every
 * executor can read: a shared file system, or files shipped with {@code spark-submit --files},
 * found by their name), the recognition options, whether the annotated video is written, and
 * how long the ranges of a long video are (0: never split).
 */
public record JobSettings(String store, String models, Recognizer.Options options, boolean video, double rangeSeconds)
        implements Serializable {}
