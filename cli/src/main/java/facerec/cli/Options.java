package facerec.cli;

import facerec.face.FaceSettings;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of the options both commands share, as usage errors (exit 2) that name the option. */
final class Options {
    private Options() {}

    static FaceSettings settings(CommandSpec spec, FaceSettings.Method method, Integer given, int landmarks, int jitters) {
        int upsample = given == null ? FaceSettings.defaultUpsample(method) : given;
        try {
            return new FaceSettings(method, upsample, landmarks, jitters);
        } catch (IllegalArgumentException e) {
            // FaceSettings holds the bounds and names the setting: here it is an option.
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
    }

    /**
     * Workers: the cores by default. More than the cores is clamped, with a note: each worker
     * loads its own models (about 130 MB) and more workers than cores only wait for them.
     */
    static int threads(CommandSpec spec, Integer threads) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads == null) {
            return cores;
        }
        if (threads < 1 || threads > 256) {
            throw new ParameterException(spec.commandLine(), "--threads must be 1 to 256, not " + threads);
        }
        if (threads > cores) {
            spec.commandLine().getErr().printf("facerec: note: --threads %d is more than the %d cores: using %d%n", threads,
                    cores, cores);
            spec.commandLine().getErr().flush();
            return cores;
        }
        return threads;
    }

    /**
     * A progress bar on stderr when a person is watching (a terminal), else null: logs and
     * pipes get no carriage-return noise.
     */
    static ProgressBar progress(String task, long total, boolean quiet) {
        if (quiet || System.console() == null) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .showSpeed().build();
    }
}
