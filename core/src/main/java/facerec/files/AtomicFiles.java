package facerec.files;

import facerec.FacerecException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a file through a temporary sibling and a rename, so readers never see half of it and
 * a failed write leaves the file as it was.
 */
public final class AtomicFiles {
    /** Writes the whole content to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path file, Content content) {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            // A random name, created exclusively and private (0600, narrower if the umask says so):
            // stores and reports hold biometric data, and a link planted at a guessable name is
            // never followed. The rename then replaces the target, never what a link points to.
            tmp = Temporaries.create(target, ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            Temporaries.commit(tmp, target);
        } catch (IOException e) {
            throw new FacerecException("cannot write " + file + ": " + FacerecException.reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Nothing else to do: the temporary file is hidden and named for its target.
                }
            }
        }
    }
}
