package facerec.export;

import facerec.files.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Cues written as WebVTT (W3C: a {@code WEBVTT} header, {@code 00:00:01.000} times, text with
 * {@code &}, {@code <} and {@code >} escaped so that a name is never markup) or as SubRip
 * ({@code .srt}: numbered cues, {@code 00:00:01,000} times; it has no escapes, so {@code <} and
 * {@code >} become {@code ‹} and {@code ›}). A name is one line: a line break in it would end
 * the cue, so it becomes a space.
 */
public final class Subtitles {
    public enum Format {
        VTT, SRT;

        /** The format a file's extension names, or null. */
        public static Format of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".vtt") ? VTT : name.endsWith(".srt") ? SRT : null;
        }
    }

    private Subtitles() {}

    /** Writes the file whole, or leaves what was there. */
    public static void write(Path file, Format format, List<Cues.Cue> cues) {
        byte[] bytes = text(format, cues).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    static String text(Format format, List<Cues.Cue> cues) {
        StringBuilder b = new StringBuilder(format == Format.VTT ? "WEBVTT\n\n" : "");
        char point = format == Format.VTT ? '.' : ',';
        for (int i = 0; i < cues.size(); i++) {
            Cues.Cue c = cues.get(i);
            long start = Math.round(c.startMs());
            // Frames closer than a millisecond would round to a cue of no time, which readers drop.
            long end = Math.max(start + 1, Math.round(c.endMs()));
            String text = Edl.line(c.text());
            if (format == Format.SRT) {
                // SubRip has no escapes, and players (FFmpeg's decoder too) take <b> for bold:
                // a name's angle brackets become their look-alikes, so that it is never markup.
                text = text.replace('<', '\u2039').replace('>', '\u203a');
                b.append(i + 1).append('\n');
            } else {
                text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            }
            b.append(time(start, point)).append(" --> ").append(time(end, point)).append('\n').append(text).append("\n\n");
        }
        return b.toString();
    }

    /** {@code HH:MM:SS.mmm}, the hours as many digits as they need. */
    static String time(long ms, char point) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, point,
                ms % 1000);
    }
}
