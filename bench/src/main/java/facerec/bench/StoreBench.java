package facerec.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.store.EncodingStore;
import facerec.store.Gallery;
import facerec.store.Matcher;
import facerec.synth.CrowdStore;
import facerec.synth.CrowdStore.Query;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How fast and how well stores of any size match: a crowd of made-up people around real ones
 * ({@link CrowdStore}), loaded as recognize loads a store.
 *
 * <p>{@code make REAL OUT FACES [SEED]} writes a store of FACES faces and OUT.queries.json;
 * {@code match STORE [TOLERANCE [exact]]} loads it as recognize does and times a match a face,
 * and compares with every face where the heap allows (run it with a large heap for that).
 */
public final class StoreBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreBench() {}

    /** Loads {@code store} as recognize does and prints its load time, heap and match time; with {@code exact}, also the full comparison's. */
    public static void match(Path store, double tolerance, boolean exact) throws IOException {
        Query[] queries = JSON.readValue(CrowdStore.queriesFile(store).toFile(), Query[].class);
        long t0 = System.nanoTime();
        Gallery g = Gallery.load(store, tolerance);
        double load = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        Matcher.Match[] got = new Matcher.Match[queries.length];
        double ms = time(g.matcher(), queries, got);
        int right = 0;
        for (int i = 0; i < queries.length; i++) {
            right += got[i].name().equals(queries[i].name()) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%s: %d faces, loaded in %.1f s, heap %d MB after load; %.3f ms a face (%s);"
                + " %d of %d queries named right%n", store.getFileName(), g.faces(), load, heap >> 20, ms,
                g.faces() > Gallery.SCAN_LIMIT ? "coded" : "every face", right, queries.length);
        if (exact && g.faces() > Gallery.SCAN_LIMIT) {
            Gallery all = Gallery.load(store, tolerance, Integer.MAX_VALUE);
            Matcher.Match[] want = new Matcher.Match[queries.length];
            double allMs = time(all.matcher(), queries, want);
            int same = 0;
            int sameVotes = 0;
            int rightAll = 0;
            for (int i = 0; i < queries.length; i++) {
                same += want[i].name().equals(got[i].name()) ? 1 : 0;
                sameVotes += want[i].name().equals(got[i].name()) && want[i].votes() == got[i].votes()
                        && Math.abs(want[i].distance() - got[i].distance()) < 1e-5 ? 1 : 0;
                rightAll += want[i].name().equals(queries[i].name()) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "  every face: %.3f ms a face, %d named right; coded / every face: %.4f of the"
                    + " time; same name %d of %d, same name, votes and distance %d%n", allMs, rightAll, ms / allMs,
                    same, queries.length, sameVotes);
        }
    }

    /** The median time of a match, in ms, after a warm-up round. */
    private static double time(Matcher m, Query[] queries, Matcher.Match[] out) {
        for (int i = 0; i < Math.min(50, queries.length); i++) {
            m.match(queries[i].embedding());
        }
        double[] ms = new double[queries.length];
        for (int i = 0; i < queries.length; i++) {
            long t = System.nanoTime();
            out[i] = m.match(queries[i].embedding());
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 4 && args[0].equals("make")) {
            List<Query> q = CrowdStore.make(EncodingStore.read(Path.of(args[1])), Path.of(args[2]), Integer.parseInt(args[3]),
                    args.length > 4 ? Long.parseLong(args[4]) : 1);
            System.out.println(args[2] + ": " + args[3] + " faces, " + q.size() + " queries");
        } else if (args.length >= 2 && args[0].equals("match")) {
            match(Path.of(args[1]), args.length > 2 ? Double.parseDouble(args[2]) : 0.6,
                    args.length > 3 && args[3].equals("exact"));
        } else {
            System.err.println("usage: StoreBench make REAL OUT FACES [SEED] | match STORE [TOLERANCE [exact]]");
            System.exit(2);
        }
    }
}
