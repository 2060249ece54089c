package facerec.video;

import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;

import facerec.FacerecException;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes a video, a stream URL or a still image with FFmpeg into upright BGR frames (a
 * still image is a one-frame video), and hands over its audio. Not thread-safe: one thread
 * reads (JavaCV's grabbers and converters are not thread-safe either).
 */
public final class VideoReader implements AutoCloseable {
    /** What a decoded item is: a video frame (owned by the receiver) or a chunk of audio. */
    public sealed interface Item permits Picture, Audio {
        /** Frees its native memory. */
        void free();
    }

    /** An upright BGR frame and its time since the first frame; the receiver closes it. */
    public record Picture(Mat bgr, double timeMs) implements Item {
        @Override
        public void free() {
            bgr.close();
        }
    }

    /** Audio as decoded, to be written as it came; the receiver closes it. */
    public record Audio(Frame samples) implements Item {
        @Override
        public void free() {
            samples.close();
        }
    }

    /**
     * {@code --timeout}'s default, in seconds: how long a network input may keep a read or a
     * connection waiting. Long enough for a slow server's first bytes, short enough that a
     * batch with one dead URL goes on.
     */
    public static final int TIMEOUT = 30;

    static {
        FfmpegLog.init();
    }

    private final String input;
    private final FFmpegFrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final int rotateCode;
    /** How a photo's EXIF orientation mirrors it, after {@link #rotateCode}, or {@link Images#NO_FLIP}. */
    private final int flipCode;
    private final boolean withAudio;
    private final int timeoutSeconds;
    private long firstTimestamp = Long.MIN_VALUE;
    private long lastTimestamp = Long.MIN_VALUE;
    private int frames;

    /** Opens the input; fails with a message naming it when FFmpeg cannot read it as video. */
    public VideoReader(String input, boolean withAudio) {
        this(input, withAudio, TIMEOUT);
    }

    /**
     * As {@link #VideoReader(String, boolean)}; a network input (a URL other than {@code file:})
     * that keeps its connection or a read waiting for {@code timeoutSeconds} fails, with FFmpeg's
     * "timed out". 0 waits forever, as FFmpeg does by default.
     */
    public VideoReader(String input, boolean withAudio, int timeoutSeconds) {
        this.input = input;
        this.timeoutSeconds = timeoutSeconds;
        this.grabber = new FFmpegFrameGrabber(input);
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        if (timeoutSeconds > 0 && isNetwork(input)) {
            // "timeout" is the socket's (connect, and each read) for tcp, http and rtsp;
            // "rw_timeout" is every protocol's, for what runs over them. Both in microseconds.
            String micros = Long.toString(timeoutSeconds * 1_000_000L);
            grabber.setOption("timeout", micros);
            grabber.setOption("rw_timeout", micros);
        }
        try {
            FfmpegLog.clear();
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            release();
            String undecodable = facerec.files.FileNames.undecodable(input);
            throw new FacerecException("cannot read " + input + " as a video or image: "
                    + (undecodable != null && !isUrl(input) ? undecodable : timedOut(FfmpegLog.describe(e), "no answer")), e);
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            release();
            String logged = FfmpegLog.logged();
            throw new FacerecException(input + " has no video stream" + (logged == null ? "" : " that FFmpeg can decode: " + logged));
        }
        this.withAudio = withAudio && grabber.getAudioChannels() > 0;
        // FFmpeg ignores a photo's EXIF orientation; encode's decoder turns it, and so must this,
        // or a phone photo that enrols is not recognized from the same file.
        int[] upright = isLocalImage(input) ? Images.uprightTurn(Path.of(input)) : new int[] {-1, Images.NO_FLIP};
        this.flipCode = upright[1];
        // The display matrix says how far to turn the picture counter-clockwise; phones store
        // portrait video as landscape plus this turn, and the grabber never applies it.
        int clockwise = Math.floorMod((int) Math.round(-grabber.getDisplayRotation()), 360);
        this.rotateCode = upright[0] >= 0 ? upright[0] : switch (clockwise) {
            case 90 -> ROTATE_90_CLOCKWISE;
            case 180 -> ROTATE_180;
            case 270 -> ROTATE_90_COUNTERCLOCKWISE;
            default -> -1;
        };
    }

    /** Whether FFmpeg reads the input as a URL ({@code scheme://...}) rather than a path. */
    public static boolean isUrl(String input) {
        return input != null && input.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    }

    /** Whether FFmpeg reads the input over a network: a URL whose protocol is not {@code file}. */
    static boolean isNetwork(String input) {
        return isUrl(input) && !input.regionMatches(true, 0, "file://", 0, 7);
    }

    /** A photo on disk, by its extension: the inputs whose EXIF orientation applies. */
    private static boolean isLocalImage(String input) {
        try {
            return !isUrl(input) && Images.isImage(Path.of(input)) && java.nio.file.Files.isRegularFile(Path.of(input));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** Frames per second: the stream's average rate, else its base rate (JavaCV's choice). */
    public double fps() {
        double fps = grabber.getVideoFrameRate();
        return fps > 0 && Double.isFinite(fps) ? fps : 25;
    }

    /** Width of the upright frames. */
    public int width() {
        return quarterTurn() ? grabber.getImageHeight() : grabber.getImageWidth();
    }

    /** Height of the upright frames. */
    public int height() {
        return quarterTurn() ? grabber.getImageWidth() : grabber.getImageHeight();
    }

    private boolean quarterTurn() {
        return rotateCode == ROTATE_90_CLOCKWISE || rotateCode == ROTATE_90_COUNTERCLOCKWISE;
    }

    /** The container's frame count: an estimate for progress bars (0 when unknown). */
    public int estimatedFrames() {
        return Math.max(0, grabber.getLengthInVideoFrames());
    }

    public int audioChannels() {
        return withAudio ? grabber.getAudioChannels() : 0;
    }

    public int sampleRate() {
        return grabber.getSampleRate();
    }

    public int framesRead() {
        return frames;
    }

    /** The next frame, past any audio (freed), or null at the end: for readers that want pictures only. */
    public Picture nextPicture() {
        for (Item item; (item = next()) != null; ) {
            if (item instanceof Picture p) {
                return p;
            }
            item.free();
        }
        return null;
    }

    /**
     * The next frame or audio chunk, or null at the end. A decoding failure is an exception
     * naming the input and the frame; what came before it stays valid.
     */
    public Item next() {
        while (true) {
            Frame f;
            try {
                FfmpegLog.clear();
                f = grabber.grabFrame(withAudio, true, true, false, false);
            } catch (FrameGrabber.Exception e) {
                throw new FacerecException("cannot decode " + input + " after frame " + frames + ": " + FfmpegLog.describe(e), e);
            }
            if (f == null) {
                checkTransfer();
                checkEnd();
                return null;
            }
            if (f.image != null) {
                // The grabber reuses its frame and the converter its Mat: copy what we keep.
                Mat bgr;
                try (Mat padded = padded(f)) {
                    bgr = Images.turn(padded != null ? padded : converter.convert(f), rotateCode, flipCode);
                }
                if (firstTimestamp == Long.MIN_VALUE) {
                    firstTimestamp = f.timestamp;
                }
                frames++;
                lastTimestamp = f.timestamp;
                return new Picture(bgr, (f.timestamp - firstTimestamp) / 1000.0);
            }
            if (f.samples != null && withAudio) {
                return new Audio(f.clone());
            }
        }
    }

    /**
     * Moves to frame {@code frame} (counted from 0 at the video's start, at its average rate),
     * which the next call to {@link #next} returns: FFmpeg seeks to the keyframe at or before it
     * and decodes forward from there. The first frame is decoded first, so that times stay
     * counted from it, as a read from the start counts them. Audio is not kept after a seek.
     */
    public void seekTo(int frame) {
        if (frame <= 0) {
            return;
        }
        if (firstTimestamp == Long.MIN_VALUE) {
            Item first = next();
            if (first instanceof Picture p) {
                p.bgr().close();
            }
        }
        try {
            grabber.setVideoFrameNumber(frame);
        } catch (FrameGrabber.Exception e) {
            throw new FacerecException("cannot seek " + input + " to frame " + frame + ": " + FfmpegLog.describe(e), e);
        }
        frames = frame;
    }

    /**
     * A view of a frame whose rows FFmpeg padded beyond its pixels (narrow frames: 32 pixels of
     * BGR in rows of 192 bytes), or null for an unpadded one. JavaCV takes the row length for
     * the pixels' (6 channels for a 32-pixel width), which OpenCV then refuses.
     */
    private static Mat padded(Frame f) {
        // The grabber decodes to BGR24: 3 bytes a pixel, whatever the frame says its channels are.
        if (f.imageStride == 3 * f.imageWidth) {
            return null;
        }
        return new Mat(f.imageHeight, f.imageWidth, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                new org.bytedeco.javacpp.BytePointer((java.nio.ByteBuffer) f.image[0]), f.imageStride);
    }

    /**
     * The grabber ends a read that failed (a stream that timed out, a connection reset) as it
     * ends the file; the input's I/O context keeps the error.
     */
    private void checkTransfer() {
        AVIOContext pb = grabber.getFormatContext().pb();
        int error = pb == null ? 0 : pb.error();
        if (error < 0 && error != avutil.AVERROR_EOF) {
            String why = FfmpegLog.describe(error);
            throw new FacerecException(input + " failed after frame " + frames + ": "
                    + timedOut(why != null ? why : "error " + error, "nothing"));
        }
    }

    /** FFmpeg's reason, and when it is our timeout that ran out, which option set it. */
    private String timedOut(String why, String what) {
        return timeoutSeconds > 0 && isNetwork(input) && why.contains("timed out")
                ? why + " (" + what + " for " + timeoutSeconds + " s, --timeout)" : why;
    }

    /**
     * FFmpeg reports a cut-off file (a copy that stopped, a broken download) as a plain end
     * of file, and skips frames it cannot decode. The container's header knows better.
     */
    private void checkEnd() {
        if (firstTimestamp == Long.MIN_VALUE) {
            return; // nothing decoded: no expectation to hold it to
        }
        // AVI and MP4 headers count the frames; a demuxer without the index only guesses the duration.
        long declared = grabber.getFormatContext().streams(grabber.getVideoStream()).nb_frames();
        long endUs = lastTimestamp + (long) (1e6 / fps()) - Math.max(0, grabber.getFormatContext().start_time());
        String shortfall = shortfall(frames, declared, grabber.getLengthInTime(), endUs, fps());
        if (shortfall != null) {
            throw new FacerecException(input + " " + shortfall + ": the file is truncated or damaged");
        }
    }

    /**
     * How a read that came to its end still fell short of what the header declares, or null:
     * frames missing from the count it declares (2%, at least 2, for rounding), an end well
     * before its duration (3 frames or half a second), or, where it counts no frames (Matroska,
     * WebM), fewer than 90% of those its duration holds at its average rate: a damaged stream
     * loses frames in the middle and still ends on time.
     */
    static String shortfall(int frames, long declared, long durationUs, long endUs, double fps) {
        if (declared > 0 && frames < declared - Math.max(2, declared / 50)) {
            return "ended at frame " + frames + " of " + declared + " declared in its header";
        }
        double frameUs = 1e6 / fps;
        if (durationUs > 0 && endUs < durationUs - Math.max(3 * frameUs, 500_000)) {
            return String.format(java.util.Locale.ROOT, "ended at frame %d (%.2f s) of %.2f s", frames, endUs / 1e6,
                    durationUs / 1e6);
        }
        long held = Math.round(durationUs / frameUs);
        if (declared <= 0 && durationUs > 0 && frames < 0.9 * held - 2) {
            return String.format(java.util.Locale.ROOT, "gave %d frames where its %.2f s at %s fps hold %d", frames,
                    durationUs / 1e6, new java.math.BigDecimal(fps).round(new java.math.MathContext(4))
                            .stripTrailingZeros().toPlainString(), held);
        }
        return null;
    }

    /** FFmpeg's error code in words ("Invalid data found when processing input"), else JavaCV's first line. */
    private void release() {
        try {
            grabber.release();
        } catch (FrameGrabber.Exception ignored) {
            // Closing a grabber that failed to start: nothing more to free.
        }
    }

    @Override
    public void close() {
        try {
            grabber.stop();
        } catch (FrameGrabber.Exception ignored) {
            // Stopping only frees; a failure here changes nothing for the caller.
        }
        release();
        converter.close();
    }
}
