package facerec.spark;

import facerec.FacerecException;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** What the job commands share. */
final class Jobs {
    private Jobs() {}

    /**
     * A session on {@code master}; without one, spark-submit's, else every core of this machine.
     * {@code taskCpus} (not null: the command's {@code --threads}) is each task's cores.
     */
    static SparkSession session(String appName, String master, Integer taskCpus) {
        return session(appName, master, taskCpus, null);
    }

    /** The same, and how long a job waits without any executor ({@link ExecutorWatch}; null: spark-submit's, else its default). */
    static SparkSession session(String appName, String master, Integer taskCpus, Integer executorWait) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        if (executorWait != null) {
            builder.config(ExecutorWatch.SETTING, executorWait.toString());
        }
        if (taskCpus != null) {
            builder.config("spark.task.cpus", taskCpus.toString());
        }
        if (master != null) {
            builder.master(master);
        } else if (System.getProperty("spark.master") == null) {
            builder.master("local[*]");
        }
        return builder.getOrCreate();
    }

    /**
     * Runs {@code job} on the session under an {@link ExecutorWatch} (none in local mode): a job
     * left without executors is cancelled, {@code cleanUp} runs, and it ends with the watch's line
     * and {@code outcome} (what is left behind).
     */
    static <T> T watched(SparkSession spark, Function<ExecutorWatch, T> job, Runnable cleanUp, String outcome) {
        ExecutorWatch watch = ExecutorWatch.start(spark.sparkContext());
        try {
            return job.apply(watch);
        } catch (Exception e) { // Spark's SparkException, checked, which Scala code throws undeclared
            if (watch != null && watch.reason() != null) {
                cleanUp.run();
                throw new FacerecException(watch.reason() + "; " + outcome, e);
            }
            throw e;
        } finally {
            if (watch != null) {
                watch.close();
            }
        }
    }
}
