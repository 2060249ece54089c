package facerec.store;

import facerec.FacerecException;
import facerec.store.EncodingStore.ModelInfo;
import facerec.store.EncodingStore.StoredFace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The store as recognize uses it: the model that made it, and a matcher over its faces, read
 * face by face. Up to {@link #SCAN_LIMIT} faces (20 MB of doubles) are compared with every face
 * ({@link ExactMatcher}); beyond, the embeddings move to a memory-mapped file outside the heap,
 * which keeps 20 bytes a face, and binary codes pick whom to compare with ({@link CodedMatcher}):
 * a million faces load under the tool's 256 MB heap and match in milliseconds.
 */
public record Gallery(ModelInfo model, int faces, Matcher matcher, List<String> people) {
    /**
     * Above this many faces a full comparison costs more than the coded one and nears the cost
     * of detection (scripts/bench-store.sh: 0.9 ms a face at 10,000 faces, 9.6 ms at 100,000,
     * where the coded match takes 0.9 ms).
     */
    public static final int SCAN_LIMIT = 20_000;

    /** Reads and checks the store of docs/FORMATS.md; every problem is one message naming the file. */
    public static Gallery load(Path file, double tolerance) {
        return load(file, tolerance, SCAN_LIMIT);
    }

    /** {@link #load}, comparing with every face up to {@code scanLimit} faces (benchmarks compare the two ways). */
    public static Gallery load(Path file, double tolerance, int scanLimit) {
        Builder b = new Builder(tolerance, scanLimit);
        try {
            EncodingStore.Header h = EncodingStore.scan(file, b::add);
            return new Gallery(h.model(), b.size(), b.build(), List.copyOf(b.people));
        } catch (UncheckedIOException e) {
            throw new FacerecException("cannot hold the embeddings of " + file + " in " + System.getProperty("java.io.tmpdir")
                    + ": " + FacerecException.reason(e.getCause()), e);
        } finally {
            b.discard();
        }
    }

    /** Exact or coded by size: the one place that chooses. */
    static final class Builder {
        private static final int D = EncodingStore.DIMENSIONS;
        private final double tolerance;
        private final int scanLimit;
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> people = new ArrayList<>();
        private final double[] sum = new double[D];
        private int[] person = new int[1024];
        private double[] packed = new double[1024 * D];
        private int n;
        private FileChannel channel;
        private ByteBuffer buffer;

        Builder(double tolerance, int scanLimit) {
            this.tolerance = tolerance;
            this.scanLimit = scanLimit;
        }

        int size() {
            return n;
        }

        void add(StoredFace f) {
            if (n == person.length) {
                person = Arrays.copyOf(person, n * 2);
            }
            person[n] = ids.computeIfAbsent(f.name(), name -> {
                people.add(name);
                return people.size() - 1;
            });
            double[] e = f.embedding();
            for (int k = 0; k < D; k++) {
                sum[k] += e[k];
            }
            if (n == scanLimit) {
                startSpill();
            }
            if (channel != null) {
                spill(e, 0);
            } else {
                if ((n + 1) * D > packed.length) {
                    packed = Arrays.copyOf(packed, (int) Math.min(packed.length * 2L, (long) scanLimit * D));
                }
                System.arraycopy(e, 0, packed, n * D, D);
            }
            n++;
        }

        Matcher build() {
            List<String> names = List.copyOf(people);
            if (channel == null) {
                return new ExactMatcher(Arrays.copyOf(packed, n * D), Arrays.copyOf(person, n), names, tolerance);
            }
            try {
                flush();
                double[] mean = new double[D];
                for (int k = 0; k < D; k++) {
                    mean[k] = sum[k] / n;
                }
                return new CodedMatcher(channel, n, Arrays.copyOf(person, n), names, mean, tolerance);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        /** The embeddings so far, and all to come, go to a temporary file: floats, in native order. */
        private void startSpill() {
            try {
                Path spill = Files.createTempFile("facerec-", ".embeddings");
                channel = FileChannel.open(spill, StandardOpenOption.READ, StandardOpenOption.WRITE);
                // The file is needed only while mapped: unlinked now, it goes when the JVM does, however it ends.
                Files.delete(spill);
                buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.nativeOrder());
                for (int i = 0; i < n; i++) {
                    spill(packed, i * D);
                }
                packed = null;
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        private void spill(double[] e, int from) {
            if (buffer.remaining() < D * Float.BYTES) {
                flush();
            }
            for (int k = 0; k < D; k++) {
                buffer.putFloat((float) e[from + k]);
            }
        }

        private void flush() {
            try {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                buffer.clear();
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        /** Closes the file's channel: a mapping made of it stays valid, and a failed load leaves nothing. */
        void discard() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Only a descriptor: the mapping or the failure being reported is what matters.
                }
            }
        }
    }
}
