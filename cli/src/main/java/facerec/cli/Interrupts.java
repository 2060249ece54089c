package facerec.cli;

import facerec.files.Temporaries;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C and SIGTERM while a command works: the JVM runs this hook, which asks the work to stop
 * ({@link #requested}) and waits for it to finish what it can (recognize commits the frames it
 * has, encode leaves the store as it was), then exits with the command's own code, 1, and not
 * the signal's 130 or 143. Work that cannot finish in time loses its uncommitted outputs, and
 * their temporary files with them.
 */
final class Interrupts implements AutoCloseable {
    /** How long the work may take to stop. */
    static final long GRACE_SECONDS = 60;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stop, "facerec-interrupt");

    private Interrupts() {}

    /** Watches for the signals until closed. */
    static Interrupts watch() {
        Interrupts i = new Interrupts();
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    boolean requested() {
        return requested.get();
    }

    private void stop() {
        requested.set(true);
        boolean done = false;
        try {
            done = finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
            // The JVM is going down either way.
        }
        if (!done) {
            // Hidden files of frames and faces would otherwise stay beside the outputs.
            Temporaries.removeOwn();
        }
        Main.exitAsTheCommandSays(10);
    }

    /** The work has ended: a signal now exits at once. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // Already shutting down: the hook is running and has just been released.
        }
    }
}
