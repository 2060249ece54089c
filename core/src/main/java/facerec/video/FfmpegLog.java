package facerec.video;

import facerec.FacerecException;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's own log. Quiet by default: it would interleave its multi-line chatter with our
 * one-line errors. But a failing call often returns only "Invalid argument", and says why in
 * the log ("Resolution 2x100000 too large for mov/mp4"): so errors are kept, per thread, and
 * {@link #describe(Exception)} gives the first logged since {@link #clear()}. {@code --verbose}
 * shows the whole log for diagnosis.
 */
public final class FfmpegLog {
    private static final ThreadLocal<String> FIRST_ERROR = new ThreadLocal<>();
    /** FFmpeg's "[mp4 @ 0x7f57d47a65c0] ", once per context a message passed through. */
    private static final java.util.regex.Pattern CONTEXT =
            java.util.regex.Pattern.compile("\\[[^\\]]* @ 0x[0-9a-f]+\\] |\\[OpenH264\\] this = [0-9a-fx]+, \\w+:");
    private static volatile boolean shown;
    /** Kept here: FFmpeg holds only a native pointer to it. */
    private static final LogCallback CALLBACK = new LogCallback() {
        @Override
        public void call(int level, BytePointer message) {
            String line = message.getString(java.nio.charset.StandardCharsets.UTF_8);
            if (shown) {
                System.err.print(line);
            }
            if (level <= avutil.AV_LOG_ERROR && FIRST_ERROR.get() == null) {
                String why = CONTEXT.matcher(line).replaceAll("").replaceAll("\\s+", " ").strip();
                why = why.length() > 200 ? why.substring(0, 200) + "..." : why;
                if (!why.isEmpty()) {
                    FIRST_ERROR.set(why);
                }
            }
        }
    };

    static {
        avutil.setLogCallback(CALLBACK);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private FfmpegLog() {}

    /** Makes sure the log is set up; called by every class that opens FFmpeg. */
    static void init() {
        // The static initializer does the work.
    }

    /** Forgets this thread's logged errors: call before the FFmpeg call that {@link #describe} may explain. */
    static void clear() {
        FIRST_ERROR.remove();
    }

    /** The first error FFmpeg logged on this thread since {@link #clear()}, or null. */
    static String logged() {
        return FIRST_ERROR.get();
    }

    /**
     * What FFmpeg's error code in an exception means ("No space left on device"), else its first
     * line; led by the error FFmpeg logged about it, when it logged one.
     */
    static String describe(Exception e) {
        String logged = logged();
        String code = code(e);
        return logged == null ? code
                : logged.toLowerCase(java.util.Locale.ROOT).contains(code.toLowerCase(java.util.Locale.ROOT)) ? logged
                : logged + " (" + code + ")";
    }

    private static String code(Exception e) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("error (-\\d+)").matcher(String.valueOf(e.getMessage()));
        if (m.find()) {
            String meaning = describe(Integer.parseInt(m.group(1)));
            if (meaning != null) {
                return meaning;
            }
        }
        return FacerecException.firstLine(e.getMessage());
    }

    /** What an FFmpeg error code means, or null when FFmpeg does not know it. */
    static String describe(int error) {
        byte[] buf = new byte[256];
        if (avutil.av_strerror(error, buf, buf.length) != 0) {
            return null;
        }
        return new String(buf, 0, java.util.stream.IntStream.range(0, buf.length).filter(i -> buf[i] == 0)
                .findFirst().orElse(buf.length), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** FFmpeg's log, and the image decoders' warnings (see {@link Images}), shown or not. */
    public static void verbose(boolean on) {
        shown = on;
        avutil.av_log_set_level(on ? avutil.AV_LOG_INFO : avutil.AV_LOG_ERROR);
        Images.quietDecoders(!on);
    }
}
