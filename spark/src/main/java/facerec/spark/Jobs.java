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
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
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
