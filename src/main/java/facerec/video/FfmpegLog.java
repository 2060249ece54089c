package facerec.video;

import facerec.FacerecException;
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

    /** What FFmpeg's error code in an exception means ("No space left on device"), else its first line. */
    static String describe(Exception e) {
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
        avutil.av_log_set_level(on ? avutil.AV_LOG_INFO : avutil.AV_LOG_QUIET);
        Images.quietDecoders(!on);
    }
}
