package facerec.synth;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.store.EncodingStore;
import facerec.store.EncodingStore.StoredFace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Stores of any size made of real faces. Nobody has a million enrolled photos at hand, so a
 * crowd is made from a real store: each made-up person is
 * a real person's embeddings (one of their photos held out as that person's query) under a
 * random signed permutation of the 128 components about the real people's centre. A signed
 * permutation keeps every distance within a person, and puts people as far from each other
 * as real people are, on average (the bench prints both). The real faces are in the store too,
 * under their own names.
 *
 * <p>For tests of large stores and for scripts/bench-store.sh (facerec.bench.StoreBench).
 */
public final class CrowdStore {
    private static final int D = EncodingStore.DIMENSIONS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CrowdStore() {}

    /** A query: a held-out real face under its person's permutation, and that person. */
    public record Query(String name, double[] embedding) {}

    /** Writes a store of {@code faces} faces made from {@code real}, and its queries (at most 1000). */
    public static List<Query> make(EncodingStore real, Path out, int faces, long seed) throws IOException {
        Map<String, List<double[]>> byPerson = new LinkedHashMap<>();
        for (StoredFace f : real.faces()) {
            byPerson.computeIfAbsent(f.name(), n -> new ArrayList<>()).add(f.embedding());
        }
        List<List<double[]>> sources = byPerson.values().stream().filter(l -> l.size() >= 2).toList();
        double[] centre = centre(byPerson.values());
        List<double[]> realCentres = byPerson.values().stream().map(CrowdStore::mean).toList();
        List<double[]> madeCentres = new ArrayList<>();
        Random random = new Random(seed);
        List<Query> queries = new ArrayList<>();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", EncodingStore.FORMAT);
            g.writeNumberField("version", EncodingStore.VERSION);
            g.writeObjectField("model", real.model());
            g.writeArrayFieldStart("faces");
            // The real people come first, as themselves: a crowd to recognize them in.
            for (StoredFace f : real.faces()) {
                g.writeObject(f);
            }
            int written = real.faces().size();
            for (int p = 0; written < faces; p++) {
                List<double[]> source = sources.get(p % sources.size());
                int[] perm = permutation(random);
                int held = random.nextInt(source.size());
                if (madeCentres.size() < 500) {
                    madeCentres.add(transform(mean(source), centre, perm));
                }
                String name = String.format(Locale.ROOT, "person%07d", p);
                for (int i = 0; i < source.size() && written < faces; i++) {
                    double[] e = transform(source.get(i), centre, perm);
                    if (i == held) {
                        if (queries.size() < 1000) {
                            queries.add(new Query(name, e));
                        }
                        continue;
                    }
                    writeFace(g, name, name + "/" + i + ".jpg", e);
                    written++;
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("skipped");
            g.writeEndArray();
            g.writeEndObject();
        }
        JSON.writeValue(queriesFile(out).toFile(), queries);
        System.out.printf(Locale.ROOT, "people's centres are %.3f apart on average among the %d real people, %.3f among"
                + " %d made-up ones%n", apart(realCentres), realCentres.size(), apart(madeCentres), madeCentres.size());
        return queries;
    }

    /** The mean of the people's means. */
    private static double[] centre(java.util.Collection<List<double[]>> people) {
        double[] centre = new double[D];
        for (List<double[]> person : people) {
            double[] c = mean(person);
            for (int k = 0; k < D; k++) {
                centre[k] += c[k] / people.size();
            }
        }
        return centre;
    }

    private static void writeFace(JsonGenerator g, String name, String image, double[] embedding) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("image", image);
        g.writeFieldName("embedding");
        g.writeArray(embedding, 0, D);
        g.writeEndObject();
    }

    private static double apart(List<double[]> centres) {
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < centres.size(); i++) {
            for (int j = i + 1; j < centres.size(); j++) {
                double s = 0;
                for (int k = 0; k < D; k++) {
                    double d = centres.get(i)[k] - centres.get(j)[k];
                    s += d * d;
                }
                sum += Math.sqrt(s);
                pairs++;
            }
        }
        return sum / pairs;
    }

    public static Path queriesFile(Path store) {
        return store.resolveSibling(store.getFileName() + ".queries.json");
    }

    private static double[] mean(List<double[]> faces) {
        double[] m = new double[D];
        for (double[] e : faces) {
            for (int k = 0; k < D; k++) {
                m[k] += e[k] / faces.size();
            }
        }
        return m;
    }

    /** A random signed permutation: component k goes to |perm[k]| - 1, negated when perm[k] is negative. */
    private static int[] permutation(Random random) {
        int[] perm = new int[D];
        for (int k = 0; k < D; k++) {
            perm[k] = k + 1;
        }
        for (int k = D - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = perm[k];
            perm[k] = perm[j];
            perm[j] = t;
        }
        for (int k = 0; k < D; k++) {
            perm[k] = random.nextBoolean() ? perm[k] : -perm[k];
        }
        return perm;
    }

    private static double[] transform(double[] e, double[] centre, int[] perm) {
        double[] out = new double[D];
        for (int k = 0; k < D; k++) {
            int to = Math.abs(perm[k]) - 1;
            double v = e[k] - centre[k];
            out[to] = centre[to] + (perm[k] < 0 ? -v : v);
        }
        return out;
    }

}
