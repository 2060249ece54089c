package facerec.spark;

import facerec.face.Models;
import facerec.recognize.Recognizer;
import facerec.store.Gallery;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * What one executor JVM loads once, for every task it runs: JavaCPP's natives (into a cache of
 * its own), the store, and the recognizer, which keeps each worker's dlib models between
 * tasks. Tasks on one executor run side by side and share the recognizer: each run takes its
 * own models from it, never another's.
 */
final class ExecutorModels {
    private static Recognizer recognizer;
    private static JobSettings loadedFor;

    private ExecutorModels() {}

    /** The recognizer for these settings, loaded on the first call in this JVM. */
    static synchronized Recognizer recognizer(JobSettings settings) {
        if (recognizer == null || !settings.equals(loadedFor)) {
            if (recognizer != null) {
                recognizer.close();
            }
            ownNativeCache();
            Path store = shipped(settings.store());
            recognizer = new Recognizer(models(settings.models()), Gallery.load(store, settings.options().tolerance()), store,
                    settings.options());
            loadedFor = settings;
        }
        return recognizer;
    }

    /** The models at the path given (null: $FACEREC_MODELS, else models/), or shipped under that name. */
    static Models models(String path) {
        ownNativeCache();
        return Models.locate(path == null ? null : shipped(path));
    }

    /**
     * Executors sharing a host would race to unpack JavaCPP's natives into one cache (JavaCPP
     * issue 608): each unpacks into its own, under its working directory, unless the user chose
     * one. In local mode there is one JVM, which keeps the user's cache (unpacking OpenCV and
     * FFmpeg again would cost seconds a run).
     */
    private static synchronized void ownNativeCache() {
        String key = "org.bytedeco.javacpp.cachedir";
        if (System.getProperty(key) == null && SparkEnv.get() != null && !"driver".equals(SparkEnv.get().executorId())) {
            File dir = new File(SparkFiles.getRootDirectory(), "javacpp-" + SparkEnv.get().executorId());
            System.setProperty(key, dir.getAbsolutePath());
        }
    }

    /** A folder on this executor's disk for copies of inputs: its working directory's, else the JVM's temporary folder. */
    static Path scratch() {
        String root = SparkEnv.get() != null ? SparkFiles.getRootDirectory() : System.getProperty("java.io.tmpdir");
        return Path.of(root, "facerec-inputs");
    }

    /** A path as given, or, when it is not there, the file of that name shipped with --files. */
    private static Path shipped(String path) {
        Path p = Path.of(path);
        if (Files.exists(p) || SparkEnv.get() == null) {
            return p;
        }
        Path local = Path.of(SparkFiles.get(p.getFileName().toString()));
        return Files.exists(local) ? local : p;
    }
}
