package facerec.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code facerec recognize}: not built yet (issue 3). */
@Command(name = "recognize", mixinStandardHelpOptions = true, description = "Names the faces in a video.")
final class RecognizeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new facerec.FacerecException("recognize is not built yet");
    }
}
