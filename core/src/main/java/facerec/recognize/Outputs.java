package facerec.recognize;

import facerec.report.FaceRecord;
import facerec.video.VideoReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The sinks of one run, driven together on the writer thread. Every sink ends exactly once; a
 * sink that throws is aborted there and then, and the others go on; the first failure is
 * kept for the run's result.
 */
final class Outputs {
    private final List<Sink> live = new ArrayList<>();
    private RuntimeException error;

    void add(Sink sink) {
        live.add(sink);
    }

    void accept(int index, VideoReader.Picture picture, List<FaceRecord> faces) {
        for (Sink s : List.copyOf(live)) {
            try {
                s.accept(index, picture, faces);
            } catch (RuntimeException e) {
                fail(s, e);
            }
        }
    }

    void audio(org.bytedeco.javacv.Frame samples) {
        for (Sink s : List.copyOf(live)) {
            try {
                s.audio(samples);
            } catch (RuntimeException e) {
                fail(s, e);
            }
        }
    }

    /** A sink failed, or could not even be opened (then never added): the first failure is the run's. */
    void failed(RuntimeException e) {
        if (error == null) {
            error = e;
        }
    }

    /** The first failure of a sink, or null. */
    RuntimeException error() {
        return error;
    }

    /** Ends every sink still live: commits them, or with {@code commit} false drops them. */
    void end(boolean commit, Supplier<Sink.Summary> summary) {
        Sink.Summary s = commit ? summary.get() : null;
        for (Sink sink : List.copyOf(live)) {
            try {
                if (commit) {
                    sink.finish(s);
                } else {
                    sink.abort();
                }
                live.remove(sink);
            } catch (RuntimeException e) {
                fail(sink, e);
            }
        }
    }

    private void fail(Sink sink, RuntimeException e) {
        live.remove(sink);
        try {
            sink.abort();
        } catch (RuntimeException again) {
            e.addSuppressed(again);
        }
        failed(e);
    }
}
