package facerec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When a job with no executor left is ended. */
class ExecutorWatchTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void onlyAWholeWaitWithoutAnyExecutorEndsTheJob() {
        ExecutorWatch.State state = new ExecutorWatch.State(10 * S);
        assertFalse(state.expired(2, 0));
        assertFalse(state.expired(0, 1 * S), "the last executor just went");
        assertFalse(state.expired(0, 10 * S), "9 s without one");
        assertFalse(state.expired(1, 10 * S + 1), "one came back: the wait starts again");
        assertFalse(state.expired(0, 12 * S));
        assertFalse(state.expired(0, 21 * S));
        assertTrue(state.expired(0, 22 * S), "10 s without one");
        ExecutorWatch.State never = new ExecutorWatch.State(10 * S);
        assertFalse(never.expired(0, 5 * S), "none came yet");
        assertTrue(never.expired(0, 15 * S), "none ever came");
    }

    @Test
    void theWatchCancelsOnceAndSaysWhy() throws Exception {
        AtomicInteger executors = new AtomicInteger(1);
        AtomicInteger cancelled = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (ExecutorWatch w = ExecutorWatch.start(executors::get, System::nanoTime, 1, () -> {
            cancelled.incrementAndGet();
            done.countDown();
        }, "spark://127.0.0.1:7077")) {
            Thread.sleep(2500);
            assertNull(w.reason(), "an executor is there");
            executors.set(0);
            assertTrue(done.await(5, TimeUnit.SECONDS), "not cancelled");
            Thread.sleep(1500);
            assertEquals(1, cancelled.get(), "cancelled once");
            assertEquals("no executor for 1 s: the cluster at spark://127.0.0.1:7077 has no worker left to run the job on"
                    + " (spark.facerec.executorWait sets the wait)", w.reason());
        }
    }
}
