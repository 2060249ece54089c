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

    /** The first line of a library's message: ours are one line, theirs often are not. */
    public static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
