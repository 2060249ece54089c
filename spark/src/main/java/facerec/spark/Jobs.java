package facerec.spark;

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
}
