package facerec.video;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * FFmpeg's own log. Quiet by default: it would interleave its multi-line chatter with our
 * one-line errors, and every failure reaches us as an exception anyway. {@code --verbose}
 * turns it back on for diagnosis.
 */
public final class FfmpegLog {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    private FfmpegLog() {}

    /** Makes sure the default level is set; called by every class that opens FFmpeg. */
    static void init() {
        // The static initializer does the work.
    }

    public static void verbose(boolean on) {
        avutil.av_log_set_level(on ? avutil.AV_LOG_INFO : avutil.AV_LOG_QUIET);
    }
}
