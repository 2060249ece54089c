package facerec.export;

import facerec.recognize.Sink;
import facerec.report.FaceRecord;
import facerec.store.Matcher;
import facerec.video.VideoReader;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * A run's subtitles of who is on screen, written when the run ends. Under a redaction a face
 * that the video masks is an unknown face here too: a masked person is not named in words.
 */
public final class SubtitleSink implements Sink {
    private final Path file;
    private final Subtitles.Format format;
    private final Predicate<String> shown;
    private Cues cues;

    /** @param shown whether the video shows a face of this name bare (always, without a redaction) */
    public SubtitleSink(Path file, Subtitles.Format format, Predicate<String> shown) {
        this.file = file;
        this.format = format;
        this.shown = shown;
    }

    @Override
    public void start(int width, int height, double fps) {
        cues = new Cues(fps);
    }

    @Override
    public void accept(int index, VideoReader.Picture picture, List<FaceRecord> faces) {
        cues.frame(picture.timeMs(), faces.stream().map(f -> shown.test(f.name()) ? f.name() : Matcher.UNKNOWN).toList());
    }

    @Override
    public void finish(Summary summary) {
        Subtitles.write(file, format, cues == null ? List.of() : cues.finish());
    }
}
