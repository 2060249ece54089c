package facerec.spark;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;

/**
 * Ends the driver's jobs when no executor has been there for a while. Spark itself waits for
 * one forever: on a standalone cluster whose workers have all gone (or never came), a job
 * stays at "Initial job has not accepted any resources" with no end. Tasks lost with an
 * executor are rerun on the others, so while one executor is left, this does nothing.
 *
 * <p>It looks five times a second at how many executors the driver knows of (its status tracker's,
 * less the driver's own entry), so it needs no listener registered before they came.
 */
final class ExecutorWatch implements AutoCloseable {
    /** The Spark setting, in seconds ({@code spark-submit --conf spark.facerec.executorWait=30}). */
    static final String SETTING = "spark.facerec.executorWait";

    /** Long enough for a worker to be restarted, and twice Spark's own 60 s to declare one dead. */
    static final int DEFAULT_SECONDS = 120;

    private final ScheduledExecutorService timer;
    private final State state;
    private volatile String reason;
    private final long started;
    private volatile long firstSeen = -1;

    /** The count of executors and the clock, apart from Spark, so that the rule is tested alone. */
    static final class State {
        private final long waitNanos;
        private long emptySince = -1;

        State(long waitNanos) {
            this.waitNanos = waitNanos;
        }

        /** True once the count has been 0 for the whole wait, at the time {@code now}. */
        boolean expired(int executors, long now) {
            if (executors > 0) {
                emptySince = -1;
                return false;
            }
            if (emptySince < 0) {
                emptySince = now;
            }
            return now - emptySince >= waitNanos;
        }
    }

    private ExecutorWatch(State state, long started) {
        this.state = state;
        this.started = started;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "facerec-executor-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Watches {@code sc}'s executors (not in local mode, whose driver is its executor); null when there is nothing to watch. */
    static ExecutorWatch start(SparkContext sc) {
        if (sc.isLocal()) {
            return null;
        }
        String given = sc.getConf().get(SETTING, Integer.toString(DEFAULT_SECONDS));
        int seconds;
        try {
            seconds = Integer.parseInt(given.strip());
        } catch (NumberFormatException e) {
            seconds = 0;
        }
        if (seconds < 1) {
            throw new facerec.FacerecException(SETTING + " must be a whole number of seconds, 1 or more, not " + given);
        }
        String master = sc.master();
        return start(() -> Math.max(0, sc.statusTracker().getExecutorInfos().length - 1), System::nanoTime, seconds,
                () -> sc.cancelAllJobs(), master);
    }

    static ExecutorWatch start(IntSupplier executors, LongSupplier clock, int seconds, Runnable cancel, String master) {
        ExecutorWatch w = new ExecutorWatch(new State(TimeUnit.SECONDS.toNanos(seconds)), clock.getAsLong());
        w.timer.scheduleWithFixedDelay(() -> {
            int n = executors.getAsInt();
            long now = clock.getAsLong();
            if (n > 0 && w.firstSeen < 0) {
                w.firstSeen = now;
            }
            if (w.reason == null && w.state.expired(n, now)) {
                w.reason = "no executor for " + seconds + " s: the cluster at " + master
                        + " has no worker left to run the job on (" + SETTING + " sets the wait)";
                cancel.run();
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        return w;
    }

    /** Seconds from the start of the watch to the first executor seen (to a fifth of a second), or NaN. */
    double secondsToFirstExecutor() {
        long first = firstSeen;
        return first < 0 ? Double.NaN : (first - started) / 1e9;
    }

    /** Why it cancelled the jobs, or null while it has not. */
    String reason() {
        return reason;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
