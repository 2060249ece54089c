package facerec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import facerec.FacerecException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pickles written by hand, opcode by opcode, as Python's pickletools shows them. */
class TutorialPickleTest {
    @TempDir
    Path dir;

    private String refusal(byte[] pickle) throws Exception {
        Path file = Files.write(dir.resolve("p.pickle"), pickle);
        return assertThrows(FacerecException.class, () -> TutorialPickle.read(file)).getMessage()
                .replace(file.toString(), "FILE");
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            byte[] b = p instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1) : (byte[]) p;
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    @Test
    void aGlobalOtherThanNumpysIsRefusedBeforeItIsBuilt() throws Exception {
        // PROTO 2, GLOBAL 'os system', the argument tuple, REDUCE, STOP: os.system("id").
        assertEquals("FILE: refused the global os.system; the tutorial's store holds only numpy arrays",
                refusal(bytes("\u0080\u0002cos\nsystem\nX\u0002\u0000\u0000\u0000id\u0085R.")));
        assertEquals("FILE: refused the global of opcode i (105); the tutorial's store holds only numpy arrays",
                refusal(bytes("\u0080\u0002(ios\nsystem\n.")));
    }

    @Test
    void aLengthPastTheEndOfTheFileIsRefusedWithoutAllocatingIt() throws Exception {
        // BINBYTES that claims 2 GB, in a file of 8 bytes (Pyrolite would allocate them first).
        assertEquals("FILE is not a pickle of the tutorial's encodings (a length of 2147483647 bytes, past the end of the file)",
                refusal(bytes("\u0080\u0004B", new byte[] {-1, -1, -1, 127}, ".")));
        assertEquals("FILE is not a pickle of the tutorial's encodings (a length of 1099511627776 bytes, past the end of the file)",
                refusal(bytes("\u0080\u0004\u008e", new byte[] {0, 0, 0, 0, 0, 1, 0, 0}, ".")));
    }

    @Test
    void aPickleOfSomethingElseSaysWhatItLacks() throws Exception {
        // An empty dict.
        assertEquals("FILE is not the tutorial's store: a dict of \"encodings\" and \"names\" lists",
                refusal(bytes("\u0080\u0004}.")));
    }
}
