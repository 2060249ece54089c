package facerec.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, as the HTML report's test browser (installed by scripts/test.sh;
 * a missing browser fails the test). Started with the flags that keep it off the network
 * (this machine's is closed, and a page of faces must not need one) and a fresh profile.
 */
public final class Chromium {
    /** What a page left: the DOM after its scripts ran, and what it printed on the console. */
    public record Page(String dom, List<String> console) {}

    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {}

    /** Loads the page at the given window size, runs its scripts, returns the rendered DOM. */
    public static Page dumpDom(Path html, int width, int height) throws IOException, InterruptedException {
        Run r = run(html, width, height, "--dump-dom");
        return new Page(r.out(), r.console());
    }

    /** Takes a screenshot of the page at the given window size. */
    public static void screenshot(Path html, int width, int height, Path png) throws IOException, InterruptedException {
        run(html, width, height, "--screenshot=" + png.toAbsolutePath());
        assertTrue(Files.size(png) > 1000, png + " is empty");
    }

    private record Run(String out, List<String> console) {}

    private static Run run(Path html, int width, int height, String what) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(BINARY), BINARY + " is missing: scripts/test.sh installs Debian's chromium");
        Path profile = Files.createTempDirectory("chromium-");
        Path out = Files.createTempFile("chromium-", ".out");
        Path err = Files.createTempFile("chromium-", ".err");
        try {
            List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                    "--virtual-time-budget=5000", "--window-size=" + width + "," + height, what,
                    html.toAbsolutePath().toUri().toString()));
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 2 minutes");
            assertEquals(0, p.exitValue(), () -> "chromium failed: " + read(err));
            List<String> console = read(err).lines().filter(l -> l.contains(":CONSOLE")).toList();
            return new Run(read(out), console);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            try (var all = Files.walk(profile)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
