package facerec.spark;

import java.io.Serializable;

/** One video of the archive and where its outputs go (paths on the driver's and executors' shared file system). */
public record ArchiveTask(String input, String video, String report) implements Serializable {}
