package facerec.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real readers of what facerec writes, from PyPI, in a throwaway venv that scripts/lib.sh makes
 * in facerec's cache (once, then reused): webvtt-py and srt for the subtitles, OpenTimelineIO
 * with its CMX 3600 adapter for the EDL; Python's own csv module. And face_recognition itself,
 * as a peer that writes what facerec reads ({@link #peer}).
 */
public final class PythonReaders {
    private PythonReaders() {}

    /** The python of a venv that scripts/lib.sh makes (its {@code bench_venv}, {@code readers_venv}) the first time. */
    private static synchronized Path python(String venvFunction) throws IOException, InterruptedException {
        Result venv = run(List.of("bash", "-c", "source \"$1\"/scripts/lib.sh && " + venvFunction, "bash",
                TestData.root().toString()), 900);
        if (venv.exit() != 0) {
            throw new IllegalStateException("scripts/lib.sh " + venvFunction + " failed: " + venv.output());
        }
        String[] lines = venv.output().strip().split("\n");
        return Path.of(lines[lines.length - 1], "bin", "python");
    }

    /**
     * Runs a script of this package's resources as face_recognition's users do: in the venv of
     * the benchmarks (scripts/lib.sh, {@code bench_venv}: face_recognition 1.3.0 on dlib-bin),
     * made by the same script the first time.
     */
    public static Result peer(String resource, String... args) throws IOException, InterruptedException {
        return script(python("bench_venv"), resource, args);
    }

    /** Runs a script of this package's resources with the readers' venv (scripts/lib.sh, {@code readers_venv}). */
    public static Result script(String resource, String... args) throws IOException, InterruptedException {
        return script(python("readers_venv"), resource, args);
    }

    private static Result script(Path python, String resource, String... args) throws IOException, InterruptedException {
        Path file = Files.createTempFile("facerec-", ".py");
        try (var in = PythonReaders.class.getResourceAsStream(resource)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<String> command = new ArrayList<>(List.of(python.toString(), file.toString()));
            command.addAll(List.of(args));
            return run(command, 300);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A process's exit code and its stdout and stderr together. */
    public record Result(int exit, String output) {}

    static Result run(List<String> command, int seconds) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, command + " took over " + seconds + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

}
