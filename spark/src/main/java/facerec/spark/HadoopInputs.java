package facerec.spark;

import facerec.FacerecException;
import facerec.recognize.Inputs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Inputs on a Hadoop file system ({@code hdfs://}, {@code s3a://}, {@code file://} and the
 * rest), which FFmpeg cannot open: listed on the driver (a folder is its videos and images, as
 * recognize takes a local folder), and copied by the task that reads one to its executor's
 * disk, read from there, and deleted. Streams FFmpeg reads itself (http, https, rtsp...) and
 * plain paths are not Hadoop inputs.
 */
final class HadoopInputs {
    /** URL schemes FFmpeg reads: everything else with a scheme goes through Hadoop. */
    private static final Set<String> FFMPEG = Set.of("http", "https", "rtsp", "rtsps", "rtmp", "rtmps", "rtp", "udp", "tcp",
            "srt", "ftp", "hls", "mms", "mmsh");

    private HadoopInputs() {}

    static boolean isHadoop(String input) {
        if (!Inputs.isUrl(input)) {
            return false;
        }
        return !FFMPEG.contains(input.substring(0, input.indexOf(':')).toLowerCase(Locale.ROOT));
    }

    /** The inputs as the job takes them: Hadoop folders listed, the rest as recognize expands it. */
    static List<String> expand(List<String> args, Configuration conf) {
        List<String> out = new ArrayList<>();
        for (String arg : args) {
            if (!isHadoop(arg)) {
                out.addAll(Inputs.expand(List.of(arg)));
                continue;
            }
            try {
                FileSystem fs = FileSystem.get(URI.create(arg), conf);
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(arg);
                FileStatus status = fs.getFileStatus(p);
                if (status.isDirectory()) {
                    Arrays.stream(fs.listStatus(p)).filter(FileStatus::isFile)
                            .filter(f -> Inputs.isMediaName(f.getPath().getName()))
                            .map(f -> f.getPath().toString()).sorted().forEach(out::add);
                } else {
                    out.add(arg);
                }
            } catch (java.io.FileNotFoundException e) {
                throw new FacerecException("input " + arg + ": no such file");
            } catch (IOException | IllegalArgumentException e) {
                throw new FacerecException("cannot list " + arg + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** A copy of a Hadoop input on this machine's disk, in {@code dir}; the caller deletes it. */
    static Path copy(String input, Path dir) {
        try {
            Files.createDirectories(dir);
            String name = new org.apache.hadoop.fs.Path(input).getName();
            int dot = name.lastIndexOf('.');
            Path local = Files.createTempFile(dir, "input-", dot > 0 ? name.substring(dot) : "");
            // The job's Hadoop settings (spark.hadoop.*: credentials, endpoints), as the driver has them.
            Configuration conf = org.apache.spark.SparkEnv.get() == null ? new Configuration()
                    : org.apache.spark.deploy.SparkHadoopUtil.get().newConfiguration(org.apache.spark.SparkEnv.get().conf());
            FileSystem fs = FileSystem.get(URI.create(input), conf);
            fs.copyToLocalFile(false, new org.apache.hadoop.fs.Path(input), new org.apache.hadoop.fs.Path(local.toUri()), true);
            return local;
        } catch (IOException | IllegalArgumentException e) {
            throw new FacerecException("cannot copy " + input + " from its file system: " + e.getMessage(), e);
        }
    }
}
