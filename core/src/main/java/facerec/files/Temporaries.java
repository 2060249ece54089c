package facerec.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The hidden temporary files beside outputs ({@code .NAME.PID-START.RANDOM.SUFFIX}), which hold
 * frames, faces and embeddings until a rename commits them. They are private (0600) and made
 * exclusively, at a random name, so a planted link is never followed. Their names record the
 * process that made them, its PID and start time (a PID is reused), so that:
 * <ul>
 * <li>a run that must end before its outputs are committed deletes its own ({@link #removeOwn});
 * <li>a later run that writes the same output deletes those that an ended process left, even one
 *     killed with SIGKILL, and never those of a process still running ({@link #removeStale}).
 * </ul>
 */
public final class Temporaries {
    /** This process as names record it. */
    static final String OWNER = owner(ProcessHandle.current()).orElse(ProcessHandle.current().pid() + "-0");

    /** This process's temporaries: a few per output, for as long as it runs. */
    private static final Set<Path> OWN = ConcurrentHashMap.newKeySet();

    private Temporaries() {}

    /** A new, empty temporary file beside {@code target}, for it, ending in {@code suffix}. */
    public static Path create(Path target, String suffix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + "." + OWNER + ".", suffix);
        OWN.add(tmp);
        return tmp;
    }

    /**
     * A new, empty temporary folder beside {@code target}, for it: a folder that is filled, then
     * renamed whole into place (an unknown person's crops).
     */
    public static Path createDirectory(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempDirectory(dir, "." + target.getFileName() + "." + OWNER + ".");
        OWN.add(tmp);
        return tmp;
    }

    /**
     * Commits a temporary file: renames it over its target in one step (rename(2)), so that
     * readers see the old file or the whole new one, never a part, and a link at the target's
     * name is replaced, never followed.
     */
    public static void commit(Path tmp, Path target) throws IOException {
        Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        OWN.remove(tmp);
    }

    /** Deletes one of this process's temporaries, a file or a folder, if it is still there. */
    public static void remove(Path tmp) {
        delete(tmp);
        OWN.remove(tmp);
    }

    /** Deletes what is left of this process's temporaries; returns how many there were. */
    public static int removeOwn() {
        int removed = 0;
        for (Path p : OWN) {
            removed += delete(p) ? 1 : 0;
        }
        OWN.clear();
        return removed;
    }

    /** Deletes a file, or a folder and what is in it, never following a link; whether it was there. */
    private static boolean delete(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        // walk does not follow links: a link inside is deleted, not what it points to.
        try (Stream<Path> all = Files.walk(p)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // A later run removes it as stale.
                }
            });
        } catch (IOException ignored) {
            // As above.
        }
        return true;
    }

    /**
     * Deletes the temporaries of {@code target}, files and folders, whose process has ended;
     * returns them. Those of a live process, of this one, and anything not named as this class
     * names them, stay.
     */
    public static List<Path> removeStale(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + ".";
        List<Path> removed = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return removed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> f.getFileName().toString().startsWith(prefix))) {
            for (Path f : files) {
                String owner = ownerOf(f.getFileName().toString().substring(prefix.length()));
                if (owner != null && !alive(owner) && (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        || Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS))) {
                    delete(f);
                    removed.add(f);
                }
            }
        }
        return removed;
    }

    /** The {@code PID-START} that begins a temporary's name after its target's, or null. */
    static String ownerOf(String rest) {
        int dot = rest.indexOf('.');
        String owner = dot < 0 ? rest : rest.substring(0, dot);
        return owner.matches("\\d{1,19}-\\d{1,19}") && dot > 0 ? owner : null;
    }

    /** Whether the process that a name records is still running: same PID, same start. */
    static boolean alive(String owner) {
        long pid;
        try {
            pid = Long.parseLong(owner.substring(0, owner.indexOf('-')));
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        // A process whose start we may not see (another user's) is taken to be the owner.
        return p.isPresent() && p.get().isAlive() && owner(p.get()).map(owner::equals).orElse(true);
    }

    private static Optional<String> owner(ProcessHandle p) {
        return p.info().startInstant().map(start -> p.pid() + "-" + start.toEpochMilli());
    }
}
