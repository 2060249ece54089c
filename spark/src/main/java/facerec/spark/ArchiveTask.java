package facerec.spark;

import facerec.recognize.Recognizer;
import java.io.Serializable;

/**
 * One task of the archive: a whole video, or a range of a long one ({@code range} not null),
 * and where its outputs go (paths on a file system the driver and executors share). A range
 * writes its report and its part of the video under hidden names, for the driver to merge into
 * {@code report} and join into {@code video}.
 */
public record ArchiveTask(String input, String video, String report, Recognizer.Range range, String rangeReport,
        String rangeVideo) implements Serializable {}
