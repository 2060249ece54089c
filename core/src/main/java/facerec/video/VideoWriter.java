package facerec.video;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import facerec.FacerecException;
import facerec.files.Temporaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Writes annotated frames: {@code .avi} as MJPG in AVI, {@code .mp4}/{@code .mkv}/{@code .mov}
 * as H.264, an image extension as a still of the last frame. Audio is carried over when
 * given. The file is written under a hidden temporary name, random and created exclusively
 * (private, 0600: a link planted at a guessable name is never followed), and renamed over the
 * output on {@link #close()} only when every frame was written: a failed write, or {@link
 * #abort()}, leaves what the output path held before, and no temporary file. One thread writes.
 */
public final class VideoWriter implements AutoCloseable {
    static {
        FfmpegLog.init();
    }

    private final Path output;
    private final Path partial;
    private final FFmpegFrameRecorder recorder;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private Mat still;
    private Mat padded;
    private final double fps;
    private int frames;
    private double firstMs;
    private boolean failed;

    public VideoWriter(Path output, int width, int height, double fps, int audioChannels, int sampleRate) {
        this.output = output;
        this.fps = fps;
        String name = output.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        Path dir = output.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FacerecException("cannot create the folder of " + output + ": " + FacerecException.reason(e), e);
        }
        try {
            // The temporary name keeps the extension: FFmpeg and imwrite choose the format by it.
            this.partial = Temporaries.create(output, ".partial." + ext);
        } catch (IOException e) {
            throw new FacerecException("cannot write " + output + ": " + e, e);
        }
        if (Images.EXTENSIONS.contains(ext)) {
            this.recorder = null;
            return;
        }
        recorder = new FFmpegFrameRecorder(partial.toString(), width, height, audioChannels);
        recorder.setFrameRate(fps);
        switch (ext) {
            case "avi" -> {
                recorder.setFormat("avi");
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
                // MJPEG wants full-range YUV (javacv issue 410); qscale 2 is visually lossless.
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
                recorder.setVideoQuality(2);
                recorder.setAudioCodec(avcodec.AV_CODEC_ID_PCM_S16LE);
            }
            case "mp4", "mkv", "mov" -> {
                // JavaCV's FFmpeg encodes H.264 with OpenH264, which takes a bitrate, not a CRF:
                // about 0.15 bit per pixel per frame keeps faces and labels sharp.
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setVideoBitrate((int) Math.min(50_000_000, 0.15 * width * height * fps));
                recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            }
            default -> { }
        }
        if (audioChannels > 0) {
            recorder.setSampleRate(sampleRate);
        }
        try {
            FfmpegLog.clear();
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            discard();
            throw new FacerecException("cannot write " + output + ": " + FfmpegLog.describe(e), e);
        }
        if (recorder.getImageWidth() != width || recorder.getImageHeight() != height) {
            // JavaCV's recorder makes an odd width even (and the height to its aspect), then
            // scales every frame to that: padding the frames to its size keeps pixels and boxes 1:1.
            padded = new Mat();
        }
    }

    /** Width of the written video: the input's, or one more where the recorder needs an even width. */
    public int width() {
        return recorder == null ? -1 : recorder.getImageWidth();
    }

    /** Height of the written video (see {@link #width()}). */
    public int height() {
        return recorder == null ? -1 : recorder.getImageHeight();
    }

    /**
     * Appends a frame shown {@code timeMs} after the first frame written, at the output's constant rate: it is
     * written as many times as the rate has frames until the next, or dropped when the rate has
     * no place left for it. A variable-rate input (a phone's) keeps its duration, and the picture
     * stays in step with the audio; a constant-rate one is written frame for frame.
     */
    public void write(Mat bgr, double timeMs) {
        if (frames == 0) {
            // Times count from the first frame written: a part of a video starts at its own 0.
            firstMs = timeMs;
        }
        long place = Math.round((timeMs - firstMs) * fps / 1000);
        if (recorder == null || frames == 0) {
            write(bgr);
            return;
        }
        while (frames <= place) {
            write(bgr);
        }
    }

    /** Appends one BGR frame of the size given at construction. */
    public void write(Mat bgr) {
        frames++;
        failed = true;
        if (recorder == null) {
            if (still != null) {
                still.close();
            }
            still = bgr.clone();
            failed = false;
            return;
        }
        try {
            Mat frame = bgr;
            if (padded != null) {
                org.bytedeco.opencv.global.opencv_core.copyMakeBorder(bgr, padded, 0,
                        recorder.getImageHeight() - bgr.rows(), 0, recorder.getImageWidth() - bgr.cols(),
                        org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE);
                frame = padded;
            }
            FfmpegLog.clear();
            recorder.record(converter.convert(frame), avutil.AV_PIX_FMT_BGR24);
            failed = false;
        } catch (FrameRecorder.Exception e) {
            throw new FacerecException("cannot write " + output + " at frame " + (frames - 1) + ": "
                    + FfmpegLog.describe(e), e);
        }
    }

    /** Appends decoded audio, in the order it came from the input. */
    public void write(Frame audio) {
        if (recorder == null) {
            return;
        }
        try {
            failed = true;
            FfmpegLog.clear();
            recorder.record(audio);
            failed = false;
        } catch (FrameRecorder.Exception e) {
            throw new FacerecException("cannot write the audio of " + output + ": " + FfmpegLog.describe(e), e);
        }
    }

    /**
     * Finishes the file (trailer, index) and moves it into place; after a failed write it only
     * discards it, and the output keeps what it held.
     */
    @Override
    public void close() {
        if (failed || (recorder == null && still == null)) {
            abort();
            return;
        }
        try {
            if (recorder != null) {
                FfmpegLog.clear();
                recorder.stop();
                recorder.release();
                verify();
            } else if (!imwrite(partial.toString(), still)) {
                throw new FacerecException("cannot write " + output);
            }
            Temporaries.commit(partial, output);
        } catch (IOException e) {
            discard();
            throw new FacerecException("cannot finish " + output + ": " + FfmpegLog.describe(e), e);
        } catch (RuntimeException e) {
            discard();
            throw e;
        } finally {
            release();
        }
    }

    /**
     * Reads back the finished file's header: FFmpeg does not report every failed write (a full
     * disk under an MP4 gave a file without its index, "moov atom not found", and no error), so
     * the file must open and hold every frame written before it replaces anything.
     */
    private void verify() throws IOException {
        try (FFmpegFrameGrabber check = new FFmpegFrameGrabber(partial.toString())) {
            try {
                check.start();
            } catch (FrameGrabber.Exception e) {
                throw new IOException("what was written cannot be read back (" + FfmpegLog.describe(e) + ")", e);
            }
            int n = check.getLengthInVideoFrames();
            check.stop();
            // 0: the container does not say (a Matroska file whose duration was never written is
            // still playable); otherwise it must count what was written, give or take the rounding
            // of a duration to frames.
            if (n > 0 && n < frames - 1) {
                throw new IOException("only " + n + " of " + frames + " frames could be written");
            }
        }
    }

    /** Drops what was written: the output keeps what it held before. */
    public void abort() {
        try {
            discard();
        } finally {
            release();
        }
    }

    private void release() {
        if (padded != null) {
            padded.close();
            padded = null;
        }
        if (still != null) {
            still.close();
            still = null;
        }
        converter.close();
    }

    private void discard() {
        try {
            if (recorder != null) {
                recorder.release();
            }
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // Already failing: the error being reported is the one that matters.
        }
    }
}
