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
import java.util.Map;
import java.util.stream.Stream;

/**
 * The photos of a dataset folder: {@code <dataset>/<person>/...}, where the top folder's name
 * is the person's, sub-folders are walked too, and hidden files and folders are ignored.
 */
public final class Dataset {
    /**
     * One photo: whose it is, and its path relative to the dataset with '/' separators; with
     * {@code skip}, why it is not encoded (a link that leads back into the dataset), else null.
     */
    public record Photo(String person, Path file, String relative, String skip) {
        public Photo(String person, Path file, String relative) {
            this(person, file, relative, null);
        }
    }

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
            Path root = dataset.toRealPath();
            for (Path dir : people.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList()) {
                String person = dir.getFileName().toString();
                String undecodable = facerec.files.FileNames.undecodable(person);
                if (undecodable != null) {
                    // The folder's name is the person's, shown in every report: a lossy one is no name.
                    throw new FacerecException(dir + ": the person's folder cannot be read as a name: " + undecodable);
                }
                String reserved = facerec.store.EncodingStore.nameProblem(person);
                if (reserved != null) {
                    throw new FacerecException(dir + ": the person's name " + reserved
                            + "; rename the folder to the person's own name");
                }
                Path real = dir.toRealPath();
                String away = away(root, real, root.resolve(dir.getFileName()));
                if (away != null) {
                    photos.add(new Photo(person, dir, relative(dataset, dir) + "/", "the folder " + away));
                    continue;
                }
                Map<Path, String> skipped = new java.util.HashMap<>();
                walk(dir, root, real, skipped).stream().filter(f -> noHiddenPart(dir.relativize(f)))
                        .filter(f -> Images.isImage(f) || skipped.containsKey(f))
                        .sorted(Comparator.comparing(Path::toString))
                        .forEach(f -> photos.add(new Photo(person, f, relative(dataset, f), skipped.get(f))));
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
     * Why a link leads away from where it stands: back to the dataset or a folder above it
     * (everyone would be enrolled again under this name), or into another folder of the dataset
     * (whose photos are enrolled under their own name there); null when it does not.
     *
     * @param real  where the link leads
     * @param place where it stands, as the dataset's real path names it
     */
    static String away(Path root, Path real, Path place) {
        if (root.startsWith(real)) {
            return "links back to " + (real.equals(root) ? "the dataset" : "a folder above the dataset") + " (" + real
                    + "): not followed";
        }
        if (real.startsWith(root) && !real.startsWith(place)) {
            return "links to " + root.relativize(real) + " inside the dataset, which is enrolled by its own name: not followed";
        }
        return null;
    }

    /**
     * The files under a person's folder, following links: a person's folder may be a link to
     * where the photos live. A link back up the tree is not followed round, nor one that leads
     * elsewhere in the dataset ({@link #away}): those go into {@code skipped}, with the reason.
     */
    private static List<Path> walk(Path dir, Path root, Path real, Map<Path, String> skipped) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path sub, BasicFileAttributes attrs) throws IOException {
                String away = sub.equals(dir) ? null : away(root, sub.toRealPath(), real);
                if (away != null) {
                    files.add(sub);
                    skipped.put(sub, "the folder " + away);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    files.add(file);
                    String away = Images.isImage(file) ? away(root, file.toRealPath(), real) : null;
                    if (away != null) {
                        skipped.put(file, away);
                    }
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
