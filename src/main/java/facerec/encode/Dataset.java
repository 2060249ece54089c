package facerec.encode;

import facerec.FacerecException;
import facerec.video.Images;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * The photos of a dataset folder: {@code <dataset>/<person>/...}, where the top folder's name
 * is the person's, sub-folders are walked too, and hidden files and folders are ignored.
 */
public final class Dataset {
    /** One photo: whose it is, and its path relative to the dataset with '/' separators. */
    public record Photo(String person, Path file, String relative) {}

    private Dataset() {}

    /**
     * The photos in a stable order (by person, then path), so that stores are reproducible.
     * A dataset without any is an error: there would be nobody to recognize.
     */
    public static List<Photo> photos(Path dataset) {
        if (!Files.isDirectory(dataset)) {
            throw new FacerecException("dataset folder " + dataset + " does not exist");
        }
        List<Photo> photos = new ArrayList<>();
        try (Stream<Path> people = Files.list(dataset)) {
            for (Path dir : people.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList()) {
                String person = dir.getFileName().toString();
                String reserved = facerec.store.EncodingStore.nameProblem(person);
                if (reserved != null) {
                    throw new FacerecException(dir + ": the person's name " + reserved
                            + "; rename the folder to the person's own name");
                }
                walk(dir).stream().filter(f -> noHiddenPart(dir.relativize(f))).filter(Images::isImage)
                        .sorted(Comparator.comparing(Path::toString))
                        .forEach(f -> photos.add(new Photo(person, f, relative(dataset, f))));
            }
        } catch (IOException e) {
            throw new FacerecException("cannot list " + dataset + ": " + FacerecException.reason(e), e);
        }
        if (photos.isEmpty()) {
            throw new FacerecException("dataset folder " + dataset + " has no photos: expected " + dataset
                    + "/<person>/<image> (" + String.join(", ", Images.EXTENSIONS.stream().sorted().toList()) + ")");
        }
        return photos;
    }

    /**
     * The files under a person's folder, following links: a person's folder may be a link to
     * where the photos live. A link back up the tree is not followed round.
     */
    private static List<Path> walk(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof FileSystemLoopException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return files;
    }

    private static String relative(Path dataset, Path file) {
        List<String> parts = new ArrayList<>();
        dataset.relativize(file).forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static boolean noHiddenPart(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }
}
