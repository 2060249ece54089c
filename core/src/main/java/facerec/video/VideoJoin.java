package facerec.video;

import facerec.FacerecException;
import facerec.files.Temporaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Joins the annotated parts of one video, written by its ranges one after another, into the
 * video, without decoding them: their packets are copied in order, each part's times moved on
 * by the frames before it. Parts are {@link VideoWriter}'s, of one size and rate and codec, with
 * no audio. The video is written under a temporary name and renamed when complete.
 */
public final class VideoJoin {
    static {
        FfmpegLog.init();
    }

    private VideoJoin() {}

    public static void join(List<Path> parts, Path output) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no part to join");
        }
        Path target = output.toAbsolutePath();
        String name = target.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        Path partial = null;
        FFmpegFrameRecorder recorder = null;
        // The recorder reads stream time bases from the first part's context: it stays open.
        FFmpegFrameGrabber first = null;
        boolean done = false;
        try {
            Files.createDirectories(target.getParent());
            partial = Temporaries.create(target, ".partial." + ext);
            long offset = 0;
            for (Path part : parts) {
                FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(part.toString());
                try {
                    FfmpegLog.clear();
                    grabber.start();
                    if (recorder == null) {
                        first = grabber;
                        recorder = new FFmpegFrameRecorder(partial.toString(), grabber.getImageWidth(),
                                grabber.getImageHeight(), 0);
                        recorder.setFormat(ext);
                        recorder.start(grabber.getFormatContext());
                    }
                    offset = copy(grabber, recorder, offset);
                } finally {
                    if (grabber != first) {
                        grabber.close();
                    }
                }
            }
            recorder.stop();
            recorder.release();
            recorder = null;
            Temporaries.commit(partial, target);
            done = true;
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            throw new FacerecException("cannot join the parts of " + output + ": " + FfmpegLog.describe(e), e);
        } catch (IOException e) {
            throw new FacerecException("cannot write " + output + ": " + FacerecException.reason(e), e);
        } finally {
            release(recorder, first, done ? null : partial);
        }
    }

    /** Copies a part's packets, shifted by {@code offset}; the offset of the part after it. */
    private static long copy(FFmpegFrameGrabber grabber, FFmpegFrameRecorder recorder, long offset)
            throws FrameGrabber.Exception, FrameRecorder.Exception {
        long end = 0;
        for (AVPacket packet; (packet = grabber.grabPacket()) != null; ) {
            // Within a part, times count from its own first frame, in its stream's time base.
            end = Math.max(end, packet.pts() + Math.max(1, packet.duration()));
            packet.pts(packet.pts() + offset);
            packet.dts(packet.dts() + offset);
            recorder.recordPacket(packet);
        }
        return offset + end;
    }

    /** Frees what a join left open (either may be null), and drops its partial file unless null. */
    private static void release(FFmpegFrameRecorder recorder, FFmpegFrameGrabber first, Path partial) {
        if (recorder != null) {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception ignored) {
                // Dropping a failed join: nothing more to free.
            }
        }
        if (first != null) {
            try {
                first.close();
            } catch (FrameGrabber.Exception ignored) {
                // Only freeing.
            }
        }
        if (partial != null) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // A hidden partial file, named for its video.
            }
        }
    }
}
