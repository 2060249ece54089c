package facerec.store;

import facerec.FacerecException;
import facerec.store.EncodingStore.StoredFace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * The store of the tutorial that facerec succeeds: {@code encodings.pickle}, a dict of
 * {@code encodings} (numpy arrays of 128 floats, face_recognition's embeddings) and {@code names}.
 *
 * <p>A pickle is a program: each global it names is looked up and called, and Python's own
 * unpickler runs {@code os.system} as readily as {@code numpy.ndarray}. Pyrolite (PyPI's
 * {@code pickle} format in Java) runs no Python, but it too builds whatever its registered
 * constructors make. So this unpickler takes only numpy's array and dtype reconstructors, and
 * refuses any other global before anything is built, naming it.
 */
public final class TutorialPickle {
    /** A million faces of 128 doubles are a gigabyte. */
    static final long MAX_BYTES = 1L << 30;

    private TutorialPickle() {}

    /** The faces of the pickle, in its order. */
    public static List<StoredFace> read(Path file) {
        Object top;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new FacerecException(file + " is larger than " + (MAX_BYTES >> 20) + " MB: not a tutorial's store");
            }
            Unpickler u = new Restricted();
            try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file))) {
                top = u.load(in);
            } finally {
                u.close();
            }
        } catch (IOException e) {
            throw new FacerecException("cannot read " + file + ": " + FacerecException.reason(e), e);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Refused) {
                    throw new FacerecException(file + ": " + t.getMessage() + "; the tutorial's store holds only numpy arrays", e);
                }
            }
            throw new FacerecException(file + " is not a pickle of the tutorial's encodings ("
                    + FacerecException.firstLine(String.valueOf(e.getMessage())) + ")", e);
        }
        if (!(top instanceof Map<?, ?> dict) || !(dict.get("encodings") instanceof List<?> encodings)
                || !(dict.get("names") instanceof List<?> names)) {
            throw new FacerecException(file + " is not the tutorial's store: a dict of \"encodings\" and \"names\" lists");
        }
        if (encodings.size() != names.size()) {
            throw new FacerecException(file + " has " + encodings.size() + " encodings for " + names.size() + " names");
        }
        List<StoredFace> faces = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!(names.get(i) instanceof String name) || !(encodings.get(i) instanceof Array array)) {
                throw new FacerecException(file + ": face " + i + " is not a name and a numpy array");
            }
            faces.add(EncodingStore.check(file, i, new StoredFace(name, null, null, array.values)));
        }
        return faces;
    }

    /** A global that the pickle named and this reader does not take. */
    private static final class Refused extends PickleException {
        Refused(String global) {
            super("refused the global " + global);
        }
    }

    private static final class Restricted extends Unpickler {
        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            switch (key) {
                case Opcodes.GLOBAL -> {
                    String module = PickleUtils.readline(input);
                    String name = PickleUtils.readline(input);
                    stack.add(allowed(module, name));
                    return NO_RETURN_VALUE;
                }
                case Opcodes.STACK_GLOBAL -> {
                    Object name = stack.pop();
                    Object module = stack.pop();
                    stack.add(allowed(String.valueOf(module), String.valueOf(name)));
                    return NO_RETURN_VALUE;
                }
                // A length read from the file is allocated before its bytes are read: a few bytes
                // that claim 2 GB must not cost 2 GB.
                case Opcodes.BINSTRING, Opcodes.BINBYTES, Opcodes.BINUNICODE, Opcodes.LONG4 -> {
                    checkLength(4);
                    return super.dispatch(key);
                }
                case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> {
                    checkLength(8);
                    return super.dispatch(key);
                }
                // Old ways to name a class, or a code in the copyreg registry: a numpy pickle uses none.
                case Opcodes.INST, Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 ->
                        throw new Refused("of opcode " + (char) key + " (" + key + ")");
                default -> {
                    return super.dispatch(key);
                }
            }
        }

        /** The little-endian length that follows, against the bytes left in the file. */
        private void checkLength(int size) throws IOException {
            input.mark(size);
            byte[] b = input.readNBytes(size);
            input.reset();
            long length = size == 4 ? ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt()
                    : ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (b.length < size || length < 0 || length > input.available() - size) {
                throw new PickleException("a length of " + length + " bytes, past the end of the file");
            }
        }

        private static Object allowed(String module, String name) {
            String numpy = module.replaceFirst("^numpy\\._core\\.", "numpy.core.");
            return switch (numpy + "." + name) {
                case "numpy.core.multiarray._reconstruct" -> (IObjectConstructor) args -> new Array();
                case "numpy.core.numeric._frombuffer" -> (IObjectConstructor) Array::fromBuffer;
                case "numpy.dtype" -> (IObjectConstructor) args -> new Dtype(String.valueOf(args[0]));
                // The array's class, handed to _reconstruct: never called.
                case "numpy.ndarray" -> (IObjectConstructor) args -> {
                    throw new Refused("numpy.ndarray called");
                };
                default -> throw new Refused(module + "." + name);
            };
        }
    }

    /** numpy's dtype: a kind ({@code f8}) and, from its state, a byte order. */
    public static final class Dtype {
        final String kind;
        char order = '=';

        Dtype(String kind) {
            this.kind = kind;
        }

        /** numpy's state: (version, byte order, ...). Pyrolite calls it by name. */
        public void __setstate__(Object[] state) {
            order = String.valueOf(state[1]).charAt(0);
        }

        double[] values(byte[] raw) {
            boolean big = order == '>';
            ByteBuffer b = ByteBuffer.wrap(raw).order(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            int size = switch (kind) {
                case "f8" -> 8;
                case "f4" -> 4;
                default -> throw new Refused("array of dtype " + kind + " (face embeddings are floats)");
            };
            double[] v = new double[raw.length / size];
            for (int i = 0; i < v.length; i++) {
                v[i] = size == 8 ? b.getDouble() : b.getFloat();
            }
            return v;
        }
    }

    /** A one-dimensional numpy array of floats, as an embedding is. */
    public static final class Array {
        double[] values;

        /** ndarray's state: (version, shape, dtype, is Fortran order, raw bytes). Pyrolite calls it by name. */
        public void __setstate__(Object[] state) {
            values = values((Object[]) state[1], (Dtype) state[2], (byte[]) state[4]);
        }

        /** Protocol 5's form: _frombuffer(buffer, dtype, shape, order). */
        static Array fromBuffer(Object[] args) {
            Array a = new Array();
            a.values = values((Object[]) args[2], (Dtype) args[1], (byte[]) args[0]);
            return a;
        }

        private static double[] values(Object[] shape, Dtype dtype, byte[] raw) {
            if (shape.length != 1) {
                throw new Refused("array of " + shape.length + " dimensions (an embedding has one)");
            }
            return dtype.values(raw);
        }
    }
}
