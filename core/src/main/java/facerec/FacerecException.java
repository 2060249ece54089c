package facerec;

/**
 * A failure the user can act on: its message is the one line the CLI prints (it names the
 * file or option and what is wrong), and the CLI exits with 1 for it.
 */
public class FacerecException extends RuntimeException {
    public FacerecException(String message) {
        super(message);
    }

    public FacerecException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Why a file operation failed, in words: Java's own exceptions for a missing file or a
     * refused permission carry only the path ("DS/bob"), which says nothing of the reason.
     */
    public static String reason(java.io.IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied" + other(e);
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder" + other(e);
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "not a folder" + other(e);
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "already exists" + other(e);
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason() + other(e);
        }
        return firstLine(e.getMessage());
    }

    /** The file a file-system exception names, when it is another than the one being reported on. */
    private static String other(java.io.IOException e) {
        return e instanceof java.nio.file.FileSystemException f && f.getFile() != null ? " (" + f.getFile() + ")" : "";
    }

    /** The first line of a library's message: ours are one line, theirs often are not. */
    public static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
