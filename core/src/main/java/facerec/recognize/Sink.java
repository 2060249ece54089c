package facerec.recognize;

import facerec.report.FaceRecord;
import facerec.report.ReportWriter;
import facerec.report.Timeline;
import facerec.video.VideoReader;
import facerec.video.VideoWriter;
import java.util.List;
import java.util.Map;

/**
 * One output of a recognize run: the annotated video, the report, the timeline or the
 * progress. The driver ({@link Recognizer}) hands it every frame in order, then ends it exactly
 * once: {@link #finish} when the run got somewhere (a damaged input or a stop too, marked
 * incomplete), {@link #abort} when the run failed, which leaves a previous file as it was. A
 * sink that fails is aborted on its own while the others go on: a full disk under the video
 * does not cost the report. A new kind of output is one more sink: a caller's own are handed
 * the frames after the run's (the video's drawn boxes, the report), on the writer thread.
 */
public interface Sink {
    /** What a finished run knows: whether the input was read to its end, who appears when, the tracks. */
    record Summary(boolean complete, List<Timeline.Person> people, List<TrackRecord> tracks) {}

    /** Before the first frame: the video's size and frame rate. */
    default void start(int width, int height, double fps) {}

    /** One frame, in order, with its faces as shown. */
    void accept(int index, VideoReader.Picture picture, List<FaceRecord> faces);

    /** Audio, in its place between the frames. */
    default void audio(org.bytedeco.javacv.Frame samples) {}

    /** Commits the output. */
    void finish(Summary summary);

    /** Drops the output: what was there before stays. */
    default void abort() {}

    /** The run's video: each frame painted (boxes and names, or masks), then written. */
    static Sink video(VideoWriter writer, Painter painter) {
        return new Sink() {
            @Override
            public void accept(int index, VideoReader.Picture picture, List<FaceRecord> faces) {
                painter.paint(index, picture.bgr(), faces);
                writer.write(picture.bgr(), picture.timeMs());
            }

            @Override
            public void audio(org.bytedeco.javacv.Frame samples) {
                writer.write(samples);
            }

            @Override
            public void finish(Summary summary) {
                writer.close();
            }

            @Override
            public void abort() {
                writer.abort();
            }
        };
    }

    /** The JSON report (docs/FORMATS.md). */
    static Sink report(ReportWriter report) {
        return new Sink() {
            @Override
            public void accept(int index, VideoReader.Picture picture, List<FaceRecord> faces) {
                report.frame(index, picture.timeMs(), faces);
            }

            @Override
            public void finish(Summary summary) {
                report.finish(summary.complete(), summary.people(), Map.of("tracks", summary.tracks()));
            }

            @Override
            public void abort() {
                report.close();
            }
        };
    }

    /** Who appears when, kept in memory for the summary. */
    static Sink timeline(Timeline timeline) {
        return new Sink() {
            @Override
            public void accept(int index, VideoReader.Picture picture, List<FaceRecord> faces) {
                timeline.add(picture.timeMs(), faces.stream().map(FaceRecord::name).toList());
            }

            @Override
            public void finish(Summary summary) {}
        };
    }

    static Sink progress(Recognizer.Progress progress) {
        return new Sink() {
            @Override
            public void accept(int index, VideoReader.Picture picture, List<FaceRecord> faces) {
                progress.frame(index);
            }

            @Override
            public void finish(Summary summary) {}
        };
    }
}
