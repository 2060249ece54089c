package facerec.export;

import facerec.recognize.Inputs;
import facerec.recognize.Sink;
import facerec.report.FaceRecord;
import facerec.video.VideoReader;
import java.nio.file.Path;
import java.util.List;

/** A run's EDL ({@link Edl}), written when the run ends, from its tracks and frame count. */
public final class EdlSink implements Sink {
    private final Path file;
    private final String input;
    private double fps = 25;
    private int frames;

    public EdlSink(Path file, String input) {
        this.file = file;
        this.input = input;
    }

    @Override
    public void start(int width, int height, double fps) {
        this.fps = fps;
    }

    @Override
    public void accept(int index, VideoReader.Picture picture, List<FaceRecord> faces) {
        frames = index + 1;
    }

    @Override
    public void finish(Summary summary) {
        String name = Inputs.fileName(input);
        Edl.write(file, Inputs.stem(input), name.isEmpty() ? input : name, fps, frames, Appearance.of(input, summary.tracks()));
    }
}
