package facerec.cli;

import facerec.FacerecException;
import facerec.face.Models;
import facerec.files.WriterLock;
import facerec.store.EncodingStore;
import facerec.store.EncodingStore.StoredFace;
import facerec.store.TutorialPickle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code facerec import}: the tutorial's {@code encodings.pickle} as a store. Its embeddings are
 * face_recognition's, made by the same dlib model from the same PyPI package as facerec's, so
 * they compare with a video's faces as they are; the store says they were imported
 * ({@code "detector": "imported"}) and has no photos or boxes for them.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Reads the tutorial's encodings.pickle (a dict of \"encodings\" and \"names\") into a store.",
                "Only numpy's arrays are read from the pickle; any other object it names is refused and never built."})
final class ImportCommand implements Callable<Integer> {
    /** What the store records as its faces' detector: none of facerec's ran. */
    static final String IMPORTED = "imported";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PICKLE", description = "The tutorial's store, as its encode_faces.py wrote it.")
    Path pickle;

    @Option(names = {"-e", "--encodings"}, required = true, paramLabel = "FILE", description = "The store to write (JSON).")
    Path encodings;

    @Option(names = "--models", paramLabel = "DIR", description = "dlib's model files. Default: $FACEREC_MODELS, else models/.")
    Path models;

    @Override
    public Integer call() {
        String notAFile = OutputPaths.notAFile(pickle);
        if (notAFile != null) {
            throw new ParameterException(spec.commandLine(), pickle + ": " + notAFile);
        }
        OutputPaths.clash(Map.of("the pickle", pickle), Map.of("--encodings", encodings)).ifPresent(message -> {
            throw new ParameterException(spec.commandLine(), message);
        });
        String sha = Models.locate(models).encoderSha256();
        List<StoredFace> faces = TutorialPickle.read(pickle);
        if (faces.isEmpty()) {
            throw new FacerecException(pickle + " holds no faces: " + encodings + " left as it was");
        }
        // face_recognition's defaults, which the tutorial keeps: 5 landmarks, one jitter.
        EncodingStore store = new EncodingStore(new EncodingStore.ModelInfo(Models.ENCODER_NAME, sha, IMPORTED, 1, 5, 1),
                faces, List.of());
        try (WriterLock lock = WriterLock.take(encodings)) {
            OutputPaths.removeStale(spec.commandLine().getErr(), Map.of(encodings, encodings.toString()));
            store.write(encodings);
        }
        var out = spec.commandLine().getOut();
        Map<String, Integer> perPerson = EncodeCommand.printFaces(out, faces);
        out.printf("wrote %s: %d faces of %d people imported from %s%n", Printable.of(encodings.toString()), faces.size(),
                perPerson.size(), Printable.of(pickle.toString()));
        return 0;
    }
}
