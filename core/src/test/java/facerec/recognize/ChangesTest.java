package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import facerec.face.Box;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the picture changed between two views of a shot: counted per tile, the faces' squares aside. */
class ChangesTest {
    private static final int W = 40, H = 20;

    /** A grey view, with the pixels of {@code box} (in the view's pixels) set to {@code value} in one channel. */
    private static byte[] view(Box box, int channel, int value) {
        byte[] v = new byte[W * H * 3];
        java.util.Arrays.fill(v, (byte) 100);
        if (box != null) {
            for (int y = box.top(); y < box.bottom(); y++) {
                for (int x = box.left(); x < box.right(); x++) {
                    v[3 * (y * W + x) + channel] = (byte) value;
                }
            }
        }
        return v;
    }

    /** Two tiles of the frame, at twice the view's scale: the left half and the right half, overlapping by 8. */
    private static final List<Box> TILES = List.of(new Box(0, 48, 40, 0), new Box(0, 80, 40, 32));

    @Test
    void changedPixelsAreCountedInEveryTileThatHoldsThem() {
        byte[] before = view(null, 0, 0);
        // 3x2 pixels of the view, x 10 to 12: in the left tile alone.
        BitSet c = Changes.changed(before, view(new Box(5, 13, 7, 10), 1, 100 + Changes.DIFF + 1), W, H, 2, List.of());
        assertEquals(6, c.cardinality());
        assertArrayEquals(new int[] {6, 0}, Changes.count(c, W, H, 2, TILES));
        // x 18 to 21, where the tiles overlap (frame pixels 32 to 48, view pixels 16 to 24): in both.
        c = Changes.changed(before, view(new Box(0, 22, 1, 18), 2, 0), W, H, 2, List.of());
        assertArrayEquals(new int[] {4, 4}, Changes.count(c, W, H, 2, TILES));
        assertEquals(4, c.cardinality());
        // Cleared where a part of the frame is looked at: frame pixels 36 to 40 are view pixels 18 and 19.
        Changes.clear(c, W, H, 2, new Box(0, 40, 2, 36));
        assertEquals(List.of(20, 21), c.stream().boxed().toList());
    }

    @Test
    void aChangeOfDiffOrLessIsNoise() {
        byte[] before = view(null, 0, 0);
        assertEquals(0, Changes.changed(before, view(new Box(0, 40, 20, 0), 0, 100 + Changes.DIFF), W, H, 2, List.of())
                .cardinality());
        assertEquals(W * H, Changes.changed(before, view(new Box(0, 40, 20, 0), 0, 100 - Changes.DIFF - 1), W, H, 2,
                List.of()).cardinality());
    }

    @Test
    void changesInsideTheFacesSquaresDoNotCount() {
        byte[] before = view(null, 0, 0), after = view(new Box(2, 30, 8, 4), 0, 255);
        // A square of the frame (x 0 to 40, y 0 to 12) covers view pixels 0 to 20 and rows 0 to 6.
        BitSet c = Changes.changed(before, after, W, H, 2, List.of(new Box(0, 40, 12, 0)));
        // Left: rows 6 and 7, x 4 to 23 (the tile reaches 24): 2 x 20 = 40, with x 20 to 23 of rows 2 to 5 (16): 56.
        assertEquals(56, Changes.count(c, W, H, 2, TILES)[0]);
        // All: rows 2 to 7 of x 20 to 29 (60), with rows 6 and 7 of x 4 to 19 (32).
        assertEquals(92, c.cardinality());
    }
}
