package facerec.store;

import facerec.face.FaceAnalyzer;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The vote of {@link Matcher} for stores too large to compare with every face: a million faces
 * are 128 million multiplications, 100 ms, for each face of each frame. Binary quantization
 * with rescoring, as vector databases do it: each face has a 128-bit code, the signs of its
 * embedding minus the store's mean; the {@link #CANDIDATES} faces whose codes differ least from
 * the query's (a popcount over 16 bytes a face) are measured exactly, and only they vote. Two
 * faces within the tolerance differ in few bits, so the faces that vote in the full comparison
 * are among them (scripts/bench-store.sh measures both ways against each other).
 * The embeddings are floats in a memory-mapped file, outside the heap.
 */
final class CodedMatcher implements Matcher {
    /** Faces measured exactly per match: a person's photos many times over, at a small part of the match's time. */
    static final int CANDIDATES = 2048;
    private static final int D = EncodingStore.DIMENSIONS;
    /** Faces per mapped chunk: a mapping holds at most 2 GB. */
    private static final int CHUNK = 1 << 20;

    private final FloatBuffer[] chunks;
    private final long[] codes;
    private final int[] person;
    private final List<String> people;
    private final double[] mean;
    private final double tolerance;
    private final ThreadLocal<byte[]> bits;

    /** Maps {@code faces} embeddings of 128 floats from {@code file}, and codes them. */
    CodedMatcher(FileChannel file, int faces, int[] person, List<String> people, double[] mean, double tolerance)
            throws IOException {
        this.person = person;
        this.people = people;
        this.mean = mean;
        this.tolerance = tolerance;
        this.chunks = new FloatBuffer[(faces + CHUNK - 1) / CHUNK];
        for (int c = 0; c < chunks.length; c++) {
            long first = (long) c * CHUNK;
            long count = Math.min(CHUNK, faces - first);
            chunks[c] = file.map(FileChannel.MapMode.READ_ONLY, first * D * Float.BYTES, count * D * Float.BYTES)
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        this.codes = new long[2 * faces];
        float[] e = new float[D];
        for (int i = 0; i < faces; i++) {
            embedding(i, e);
            code(e, codes, 2 * i);
        }
        this.bits = ThreadLocal.withInitial(() -> new byte[faces]);
    }

    private void embedding(int i, float[] into) {
        chunks[i / CHUNK].get((i % CHUNK) * D, into);
    }

    /** Bit k set when component k is above the store's mean. */
    private void code(float[] e, long[] into, int at) {
        long lo = 0;
        long hi = 0;
        for (int k = 0; k < 64; k++) {
            lo |= (e[k] > mean[k] ? 1L : 0L) << k;
            hi |= (e[64 + k] > mean[64 + k] ? 1L : 0L) << k;
        }
        into[at] = lo;
        into[at + 1] = hi;
    }

    @Override
    public Match match(double[] embedding) {
        float[] q = new float[D];
        for (int k = 0; k < D; k++) {
            q[k] = (float) embedding[k];
        }
        long[] qc = new long[2];
        code(q, qc, 0);
        // Hamming distances, and how many faces lie at each: the cut-off keeps the nearest CANDIDATES.
        byte[] h = bits.get();
        int[] histogram = new int[D + 1];
        int n = person.length;
        for (int i = 0; i < n; i++) {
            int d = Long.bitCount(codes[2 * i] ^ qc[0]) + Long.bitCount(codes[2 * i + 1] ^ qc[1]);
            h[i] = (byte) d;
            histogram[d]++;
        }
        int cut = 0;
        int below = 0;
        while (cut < D && below + histogram[cut] < CANDIDATES) {
            below += histogram[cut++];
        }
        int atCut = CANDIDATES - below;
        Map<Integer, Integer> local = new HashMap<>();
        List<String> names = new java.util.ArrayList<>();
        int[] who = new int[CANDIDATES];
        double[] dist = new double[CANDIDATES];
        int m = 0;
        float[] e = new float[D];
        for (int i = 0; i < n && m < CANDIDATES; i++) {
            if (h[i] < cut || (h[i] == cut && atCut-- > 0)) {
                embedding(i, e);
                who[m] = local.computeIfAbsent(person[i], p -> {
                    names.add(people.get(p));
                    return names.size() - 1;
                });
                dist[m++] = FaceAnalyzer.distance(e, q);
            }
        }
        ExactMatcher.Votes votes = new ExactMatcher.Votes(names, tolerance);
        for (int j = 0; j < m; j++) {
            votes.add(who[j], dist[j]);
        }
        return votes.result();
    }
}
