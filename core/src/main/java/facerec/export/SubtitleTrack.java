package facerec.export;

import facerec.FacerecException;
import facerec.files.Temporaries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * The cues added to a written video as a subtitle track, so that a player shows who is on
 * screen without the sidecar file: SubRip in Matroska, mov_text (3GPP timed text) in MP4 and
 * QuickTime. JavaCV's recorder writes video and audio streams only, so the track is muxed
 * afterwards by the {@code ffmpeg} program that JavaCV ships with its FFmpeg libraries: every
 * stream copied, nothing decoded, into a hidden temporary file that replaces the video when it
 * is complete.
 */
public final class SubtitleTrack {
    private SubtitleTrack() {}

    /** The subtitle codec for a video's container, or null where there is no track to add (AVI). */
    public static String codec(Path video) {
        String name = video.getFileName() == null ? "" : video.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mkv") ? "srt" : name.endsWith(".mp4") || name.endsWith(".mov") ? "mov_text" : null;
    }

    /** Adds the subtitles to the video, or leaves it as it was and says why. */
    public static void mux(Path video, Path subtitles) {
        String codec = codec(video);
        Path target = video.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = Temporaries.create(target, ".tmp");
            Path ffmpeg = Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
            ProcessBuilder pb = new ProcessBuilder(List.of(ffmpeg.toString(), "-nostdin", "-v", "error", "-y",
                    "-i", target.toString(), "-i", subtitles.toAbsolutePath().toString(), "-map", "0", "-map", "1",
                    "-c", "copy", "-c:s", codec, "-metadata:s:s:0", "title=People",
                    "-f", codec.equals("srt") ? "matroska" : "mp4", tmp.toString())).redirectErrorStream(true);
            // The program finds its libraries beside it, where JavaCV unpacked them.
            pb.environment().put("LD_LIBRARY_PATH", ffmpeg.getParent().toString());
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                String why = new String(out, StandardCharsets.UTF_8).strip();
                throw new FacerecException("cannot add the subtitles to " + video + ": "
                        + (why.isEmpty() ? "ffmpeg failed" : FacerecException.firstLine(why)) + "; the video has none");
            }
            Temporaries.commit(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new FacerecException("cannot add the subtitles to " + video + ": " + FacerecException.reason(e), e);
        } catch (LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            // "no jniavdevice in java.library.path: ...": the library's name, not the path searched.
            String why = FacerecException.firstLine(String.valueOf(root.getMessage()))
                    .replaceFirst("^Exception \\S+: ", "").replaceFirst(" in java\\.library\\.path.*", "");
            throw new FacerecException("cannot add the subtitles to " + video + ": JavaCV's FFmpeg does not load (" + why
                    + "; a system library it needs is missing: scripts/setup.sh installs them); the video has none", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FacerecException("interrupted while adding the subtitles to " + video, e);
        } finally {
            if (tmp != null) {
                Temporaries.remove(tmp);
            }
        }
    }
}
