package facerec.cli;

import facerec.FacerecException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * {@code facerec}: the top command. Exit codes: 0 done, 1 the work failed, 2 usage. Every
 * error is one line on stderr naming the file or option; {@code --verbose} adds the stack trace.
 */
@Command(name = "facerec", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Finds and names people in videos, with dlib's face recognition.",
        subcommands = {EncodeCommand.class, RecognizeCommand.class, ImportCommand.class, RelabelCommand.class})
public final class Main implements Runnable {
    boolean verbose;

    /**
     * {@code --version}: facerec's, then dlib's and OpenBLAS's, with the kernel OpenBLAS runs on
     * this CPU (OPENBLAS_CORETYPE chooses another), as ffmpeg's {@code -version} names its build.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"facerec 0.1.0", facerec.dlib.Dlib.versions()};
        }
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show stack traces of errors, FFmpeg's log and stage timings.")
    void setVerbose(boolean on) {
        verbose = on;
        facerec.video.FfmpegLog.verbose(on);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: encode, recognize, import or relabel");
    }

    public static void main(String[] args) {
        // JavaCPP's limit on the process's memory would otherwise follow the heap (4 x -Xmx): too
        // little for 4K frames under the 256 MB heap scripts/facerec gives. Frames are bounded
        // in bytes by the recognizer; this is that bound and a margin.
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes",
                    Long.toString(Runtime.getRuntime().maxMemory() + facerec.recognize.Recognizer.NATIVE_BYTES));
        }
        int code = commandLine().execute(args);
        EXIT.complete(code);
        System.exit(code);
    }

    /** The exit code, once the command has ended and said why (its error line is on stderr). */
    private static final java.util.concurrent.CompletableFuture<Integer> EXIT = new java.util.concurrent.CompletableFuture<>();

    /**
     * For a shutdown hook that let the command finish after Ctrl-C or SIGTERM: the JVM would
     * otherwise end with the signal's status (130, 143) as soon as the hooks return, whatever
     * the command printed or meant to return. Waits for the command's own exit code, then halts
     * with it. Nothing happens when the command runs in-process (tests) and never completes it,
     * but that its temporary files are removed.
     */
    static void exitAsTheCommandSays(long timeoutSeconds) {
        try {
            Runtime.getRuntime().halt(EXIT.get(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS));
        } catch (java.util.concurrent.TimeoutException | InterruptedException | java.util.concurrent.ExecutionException e) {
            // Let the signal's status stand; what the command had not committed goes with it.
            facerec.files.Temporaries.removeOwn();
        }
    }

    /** The configured command line; tests call {@code execute} on it with captured out/err. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new Main()));
    }

    /**
     * facerec's conventions on a command line (the Spark job's too): enum values in any case,
     * errors as one line on stderr with exit code 1, usage errors with exit code 2.
     */
    public static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            boolean verbose = parsed.hasMatchedOption("--verbose")
                    || parsed.asCommandLineList().stream().anyMatch(c -> c.getParseResult().hasMatchedOption("--verbose"));
            String message = e instanceof FacerecException ? e.getMessage() : "internal error: " + e;
            // One line, whatever a library put in its message: scripts grep stderr.
            err.println("facerec: " + Printable.of(message.strip().replaceAll("\\s*\\R\\s*", " ")));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("facerec: " + Printable.of(e.getMessage()) + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return 2;
        });
        return cl;
    }
}
