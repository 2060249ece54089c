package facerec.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

/** Real signals to a child JVM, as a shell's Ctrl-C, kill and kill -9 send them. */
public final class Signals {
    private Signals() {}

    /** Sends {@code signal} (INT, TERM, KILL) and waits for the child to exit: the seconds it took. */
    public static double sendAndWait(Process p, String signal) throws Exception {
        long t0 = System.nanoTime();
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the child did not exit within 20 s of SIG" + signal);
        return (System.nanoTime() - t0) / 1e9;
    }
}
