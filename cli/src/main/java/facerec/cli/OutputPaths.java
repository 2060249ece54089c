package facerec.cli;

import facerec.recognize.Inputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which file a path names, and the check that no output of a run is one of its inputs or
 * another of its outputs. Paths are compared by what they are, not how they are spelt: real
 * paths, after following links, so {@code ./a/../clip.mp4} and a link to it are the clip.
 */
public final class OutputPaths {
    private OutputPaths() {}

    /**
     * The file a path names: its real path when it exists; else its folder's real path and its
     * name (the file it would become); a dangling link names its target.
     */
    static Path identity(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) {
                return abs.toRealPath();
            }
            if (Files.isSymbolicLink(abs)) {
                return identity(abs.resolveSibling(Files.readSymbolicLink(abs)));
            }
            Path parent = abs.getParent();
            return parent == null ? abs : identity(parent).resolve(abs.getFileName());
        } catch (IOException e) {
            return abs;
        }
    }

    /**
     * The first clash, as a message naming both, or empty: an output that is one of the inputs,
     * or that another output also names. Keys are how the user named each path (an option).
     */
    public static Optional<String> clash(Map<String, Path> inputs, Map<String, Path> outputs) {
        Map<Path, String> seen = new HashMap<>();
        inputs.forEach((name, p) -> seen.putIfAbsent(identity(p), name));
        Map<Path, String> written = new HashMap<>();
        for (Map.Entry<String, Path> o : outputs.entrySet()) {
            Path id = identity(o.getValue());
            String input = seen.get(id);
            if (input != null) {
                return Optional.of(o.getKey() + " " + o.getValue() + " is " + input + ": it would be overwritten");
            }
            String other = written.putIfAbsent(id, o.getKey());
            if (other != null) {
                return Optional.of(o.getKey() + " " + o.getValue() + " is also " + other + ": choose another file");
            }
        }
        return Optional.empty();
    }

    /**
     * The file an input reads, for {@link #clash}: its path, or the path of a {@code file:} URL
     * (FFmpeg reads those too, so they can be overwritten as well); null for a stream.
     */
    public static Path inputFile(String input) {
        if (!Inputs.isUrl(input)) {
            return Path.of(input);
        }
        if (input.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                return Path.of(java.net.URI.create(input));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                return null; // Not a path FFmpeg could open either: it fails as a read.
            }
        }
        return null;
    }

    /** One input of a batch and its outputs in DIR, named {@code name}: the video (an image for an image), the report. */
    public record BatchOutput(String input, String name, Path video, Path report) {}

    /** Where a batch's outputs go (docs/FORMATS.md): per input, its name ({@link #batchNames}) and extension. */
    public static List<BatchOutput> batchOutputs(Path dir, List<String> inputs) {
        List<String> names = batchNames(inputs);
        List<BatchOutput> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String in = inputs.get(i);
            out.add(new BatchOutput(in, names.get(i), dir.resolve(names.get(i) + (Inputs.isImage(in) ? ".jpg" : ".avi")),
                    dir.resolve(names.get(i) + ".json")));
        }
        return out;
    }

    /**
     * The base names of a batch's outputs, one per input, all different: an input's stem, and
     * where two inputs share it ({@code a/clip.mp4} and {@code b/clip.mp4}, or {@code clip.mp4}
     * and {@code clip.webm}), the stem and a short hash of the input as given.
     */
    public static List<String> batchNames(List<String> inputs) {
        Map<String, Integer> count = new LinkedHashMap<>();
        inputs.forEach(in -> count.merge(Inputs.stem(in).toLowerCase(java.util.Locale.ROOT), 1, Integer::sum));
        List<String> names = new ArrayList<>();
        for (String in : inputs) {
            String s = Inputs.stem(in);
            names.add(count.get(s.toLowerCase(java.util.Locale.ROOT)) > 1 ? s + "-" + shortHash(in) : s);
        }
        return names;
    }

    private static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return String.format("%02x%02x%02x%02x", d[0], d[1], d[2], d[3]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Removes the temporary files that ended runs left beside these outputs (killed, or stopped
     * before they could clean up: {@link facerec.files.Temporaries}), with a note on one line.
     * They hold frames and faces, and nothing else would ever remove them.
     *
     * @param outputs each output's path, and how the note names it
     */
    static void removeStale(java.io.PrintWriter err, Map<Path, String> outputs) {
        int removed = 0;
        List<String> beside = new ArrayList<>();
        for (Map.Entry<Path, String> output : outputs.entrySet()) {
            try {
                int n = facerec.files.Temporaries.removeStale(output.getKey()).size();
                if (n > 0) {
                    removed += n;
                    beside.add(Printable.of(output.getValue()));
                }
            } catch (IOException e) {
                err.println("facerec: note: cannot look for temporary files beside " + Printable.of(output.getValue()) + ": "
                        + Printable.of(facerec.FacerecException.reason(e)));
            }
        }
        if (removed > 0) {
            err.println("facerec: note: removed " + removed + " temporary file" + (removed == 1 ? "" : "s")
                    + " that an ended run left beside " + String.join(", ", beside));
        }
        err.flush();
    }

    /**
     * Why a file to read is not one: missing, a folder, or a FIFO, socket or device (reading a
     * FIFO would wait for a writer forever); null for a regular file, through links.
     */
    static String notAFile(Path file) {
        if (Files.isRegularFile(file)) {
            return null;
        }
        if (Files.isDirectory(file)) {
            return "is a folder, not a file";
        }
        if (Files.exists(file)) {
            return "is not a regular file (a FIFO, socket or device)";
        }
        String undecodable = facerec.files.FileNames.undecodable(file.toString());
        return undecodable != null ? "no such file: " + undecodable : "no such file";
    }
}
