package facerec.spark;

import facerec.recognize.Recognizer;
import java.io.Serializable;

/**
 * One task of the archive: a whole video, or a range of a long one ({@code range} not null),
 * and where its outputs go (paths on a file system the driver and executors share). A range
 * writes its report and its part of the video under hidden names, for the driver to merge into
 * {@code report} and join into {@code video}. {@code frames} is how many frames it has, as far
 * as the container says (0 when unknown): the job starts the longest first.
 */
public record ArchiveTask(String input, String video, String report, Recognizer.Range range, String rangeReport,
        String rangeVideo, int frames) implements Serializable {
    ArchiveTask withFrames(int count) {
        return new ArchiveTask(input, video, report, range, rangeReport, rangeVideo, count);
    }
}
