package facerec.recognize;

import facerec.FacerecException;
import facerec.video.Images;
import facerec.video.VideoReader;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The inputs of a batch: files as given, folders as their videos and images, globs expanded. */
public final class Inputs {
    /** Extensions taken from a folder (any letter case); a file named directly may be anything FFmpeg reads. */
    public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "avi", "webm", "mpg", "mpeg",
            "ts", "mts", "flv", "wmv", "3gp", "ogv", "gif");

    private Inputs() {}

    public static boolean isUrl(String input) {
        return VideoReader.isUrl(input);
    }

    public static boolean isImage(String input) {
        return !isUrl(input) && Images.isImage(Path.of(input));
    }

    /** The last part of a path or URL, without a URL's query or fragment ({@code talk.mp4}); may be empty. */
    public static String fileName(String input) {
        String name = input.replaceAll("[/\\\\]+$", "");
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        return name.replaceAll("[?#].*$", "");
    }

    /** The input's file name without extension: the base name of its outputs. */
    public static String stem(String input) {
        String name = fileName(input);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return stem.isEmpty() ? "stream" : stem;
    }

    public static List<String> expand(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String arg : args) {
            if (isUrl(arg)) {
                out.add(arg);
            } else if (Files.isDirectory(Path.of(arg))) {
                out.addAll(list(Path.of(arg), p -> true));
            } else if (arg.matches(".*[*?\\[{].*") && !Files.exists(Path.of(arg))) {
                Path glob = Path.of(arg);
                Path dir = glob.getParent() == null ? Path.of(".") : glob.getParent();
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob.getFileName());
                out.addAll(list(dir, p -> m.matches(p.getFileName())));
            } else {
                out.add(arg);
            }
        }
        return out;
    }

    private static List<String> list(Path dir, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> isMedia(p) && keep.test(p)).map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new FacerecException("cannot list " + dir + ": " + FacerecException.reason(e), e);
        }
    }

    private static boolean isMedia(Path p) {
        return isMediaName(p.getFileName().toString());
    }

    /** Whether a folder's file of this name is taken: a video or image extension, not hidden. */
    public static boolean isMediaName(String name) {
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && (Images.isImage(Path.of(name))
                || (dot > 0 && VIDEO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))));
    }
}
