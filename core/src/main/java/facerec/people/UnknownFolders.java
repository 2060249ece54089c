package facerec.people;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import facerec.FacerecException;
import facerec.files.Temporaries;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --unknowns DIR}: a folder per unknown person, {@code DIR/unknown-001/} and on, ready
 * to be renamed to {@code data/<name>/} and enrolled: a few face crops ({@code face-1.jpg},
 * best first) and {@code cluster.json}, the appearances (docs/FORMATS.md). Each folder is
 * written whole under a temporary name, then renamed into a number of its own, claimed by
 * creating it: numbers go on from the highest already there, so a second run never writes
 * into the folders of an earlier one, even a concurrent one.
 */
public final class UnknownFolders {
    /** Crops per folder: enough for encode to average over a few looks. */
    public static final int CROPS = 5;

    private static final Pattern NAME = Pattern.compile("unknown-(\\d{1,9})");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private UnknownFolders() {}

    /** Writes one folder per cluster, in order; returns their names. */
    public static List<String> write(Path dir, List<Clusters.Cluster> clusters) {
        List<String> names = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            int next = highest(dir) + 1;
            for (Clusters.Cluster c : clusters) {
                Path tmp = Temporaries.createDirectory(temporaries(dir));
                try {
                    List<String> files = new ArrayList<>();
                    List<TrackFaces.Crop> crops = c.crops(CROPS);
                    for (int i = 0; i < crops.size(); i++) {
                        String file = "face-" + (i + 1) + ".jpg";
                        writePrivate(tmp.resolve(file), crops.get(i).face().jpeg());
                        files.add(file);
                    }
                    while (true) {
                        String name = String.format("unknown-%03d", next++);
                        Path target = dir.resolve(name);
                        try {
                            Files.createDirectory(target);
                        } catch (FileAlreadyExistsException taken) {
                            continue;
                        }
                        try {
                            writePrivate(tmp.resolve("cluster.json"), JSON.writeValueAsBytes(describe(name, c, crops, files)));
                            // rename(2) onto the empty folder just claimed: the folder appears whole.
                            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                        } catch (IOException | RuntimeException e) {
                            try {
                                Files.deleteIfExists(target);
                            } catch (IOException again) {
                                // Someone else's files in it: the folder is theirs now, and ours failed.
                                e.addSuppressed(again);
                            }
                            throw e;
                        }
                        names.add(name);
                        break;
                    }
                } finally {
                    Temporaries.remove(tmp);
                }
            }
        } catch (IOException e) {
            throw new FacerecException("cannot write unknown people to " + dir + ": " + FacerecException.reason(e), e);
        }
        return names;
    }

    /**
     * What the temporary folders in {@code dir} are named for ({@link Temporaries}): a folder is
     * written whole under such a name, so one that a killed run left is found and removed.
     */
    public static Path temporaries(Path dir) {
        return dir.resolve("unknown");
    }

    private static int highest(Path dir) throws IOException {
        int max = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    max = Math.max(max, Integer.parseInt(m.group(1)));
                }
            }
        }
        return max;
    }

    /** cluster.json: what the folder holds and where the person was seen (docs/FORMATS.md). */
    private static Map<String, Object> describe(String name, Clusters.Cluster c, List<TrackFaces.Crop> crops,
            List<String> files) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cluster", name);
        out.put("tracks", c.tracks().size());
        out.put("embeddings", c.tracks().stream().mapToInt(TrackFaces::embeddings).sum());
        out.put("seconds", Math.round(c.seconds() * 1000) / 1000.0);
        List<Map<String, Object>> faces = new ArrayList<>();
        for (int i = 0; i < crops.size(); i++) {
            TrackFaces.Crop crop = crops.get(i);
            TrackFaces from = c.tracks().stream().filter(t -> t.crops().contains(crop)).findFirst().orElseThrow();
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", files.get(i));
            f.put("input", from.input());
            f.put("track", from.track());
            f.put("frame", crop.frame());
            f.put("quality", Math.round(crop.face().quality() * 1000) / 1000.0);
            faces.add(f);
        }
        out.put("faces", faces);
        List<Map<String, Object>> appearances = new ArrayList<>();
        for (TrackFaces t : c.tracks()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("input", t.input());
            a.put("track", t.track());
            a.put("firstFrame", t.firstFrame());
            a.put("lastFrame", t.lastFrame());
            a.put("frames", t.frames());
            a.put("firstMs", Math.round(t.firstMs() * 1000) / 1000.0);
            a.put("lastMs", Math.round(t.lastMs() * 1000) / 1000.0);
            appearances.add(a);
        }
        out.put("appearances", appearances);
        return out;
    }

    /** Created exclusively and 0600: crops are faces (docs/FORMATS.md, "Files"). */
    private static void writePrivate(Path file, byte[] bytes) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, bytes);
    }
}
