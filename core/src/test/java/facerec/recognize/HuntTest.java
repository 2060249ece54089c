package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facerec.face.Box;
import facerec.face.Detection;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where CenterFace looks on a keyframe: pure geometry, no model. */
class HuntTest {

    /** 1080p at the scale where a 20-pixel face is 16: what --min-face 20 detects on. */
    private final Hunt fullHd = new Hunt(1536, 864);

    @Test
    void everyFaceThatTheCoarsePassMayMissLiesWholeInOneTileOfOneSize() {
        int overlap = Hunt.overlap(fullHd.coarseScale);
        // The coarse pass sees faces down to SMALLEST_FACE / coarseScale: 64 pixels here.
        assertTrue(overlap >= 16 / fullHd.coarseScale, "overlap " + overlap);
        for (Box t : fullHd.tiles) {
            assertEquals(Hunt.TILE, t.width());
            assertEquals(Hunt.TILE, t.height());
            assertTrue(t.left() >= 0 && t.top() >= 0 && t.right() <= 1536 && t.bottom() <= 864, t.toString());
        }
        for (int y = 0; y + overlap <= 864; y += 7) {
            for (int x = 0; x + overlap <= 1536; x += 7) {
                Box face = new Box(y, x + overlap, y + overlap, x);
                assertTrue(fullHd.tiles.stream().anyMatch(t -> t.left() <= face.left() && t.top() <= face.top()
                        && t.right() >= face.right() && t.bottom() >= face.bottom()), "no tile holds " + face);
            }
        }
    }

    @Test
    void theSweepVisitsEveryTileOncePerRoundEverySweepKeyframesFarApart() {
        int n = fullHd.tiles.size(), s = Hunt.SWEEP;
        Set<Box> seen = new HashSet<>();
        for (long k = 1000 * s; k < (1000 + n) * s; k += s) {
            seen.add(fullHd.tiles.get(fullHd.sweepTile(k)));
        }
        assertEquals(n, seen.size());
        assertEquals(fullHd.sweepTile(3 * s), fullHd.sweepTile((3 + n) * s));
        // The keyframes between two of the sweep's share its tile; the sweep is the plan's on them only.
        assertEquals(fullHd.sweepTile(s), fullHd.sweepTile(s + 1));
        Box a = fullHd.tiles.get(fullHd.sweepTile(0)), b = fullHd.tiles.get(fullHd.sweepTile(s));
        assertTrue(Math.abs(a.left() - b.left()) + Math.abs(a.top() - b.top()) > Hunt.TILE, a + " then " + b);
    }

    /** {@code n} changed pixels of the view, rows of 5 from the view's pixel at the centre of tile {@code t}: a face's change. */
    private BitSet changeIn(int t, int n) {
        Box tile = fullHd.tiles.get(t);
        int x = (int) ((tile.left() + tile.right()) / 2 * fullHd.coarseScale);
        int y = (int) ((tile.top() + tile.bottom()) / 2 * fullHd.coarseScale);
        BitSet b = new BitSet();
        for (int i = 0; i < n; i++) {
            b.set((y + i / 5) * fullHd.viewWidth + x + i % 5);
        }
        return b;
    }

    @Test
    void aStillShotIsLookedAtOnlyOnTheSweepsKeyframes() {
        for (long k = 1; k < Hunt.SWEEP; k++) {
            Hunt.Plan plan = fullHd.plan(k, new BitSet(), new BitSet());
            assertFalse(plan.coarse());
            assertEquals(-1, plan.tile());
        }
        Hunt.Plan sweep = fullHd.plan(Hunt.SWEEP, new BitSet(), new BitSet());
        assertTrue(sweep.coarse());
        assertEquals(fullHd.sweepTile(Hunt.SWEEP), sweep.tile());
    }

    @Test
    void theTileWhereThePictureChangedIsLookedAtAndItsPixelsCleared() {
        // Two changed pixels (a 20-pixel face is 3 or 4 of the view's at 1080p): a tile that holds them, no coarse pass.
        Hunt.Plan plan = fullHd.plan(1, new BitSet(), changeIn(7, Hunt.STALE));
        assertTrue(plan.tile() >= 0);
        Box looked = fullHd.inner(fullHd.tiles.get(plan.tile()));
        Box centre = fullHd.tiles.get(7);
        assertTrue(looked.left() <= (centre.left() + centre.right()) / 2 && looked.right() > (centre.left() + centre.right()) / 2);
        assertFalse(plan.coarse());
        assertTrue(plan.stale().isEmpty(), plan.stale().toString());
        // One is noise, and waits: it adds up with the next keyframe's.
        Hunt.Plan noise = fullHd.plan(1, new BitSet(), changeIn(7, 1));
        assertEquals(-1, noise.tile());
        assertEquals(1, noise.stale().cardinality());
        BitSet next = changeIn(7, 2);
        next.clear(next.nextSetBit(0));
        assertEquals(1, next.cardinality());
        assertTrue(fullHd.plan(2, noise.stale(), next).tile() >= 0);
        // A change as large as a quarter of a face too large for a tile: the coarse pass too.
        assertTrue(fullHd.plan(1, new BitSet(), changeIn(7, Hunt.LARGE)).coarse());
    }

    @Test
    void staleTilesAreLookedAtInTurnTheMostChangedFirst() {
        BitSet stale = changeIn(3, 5);
        stale.or(changeIn(40, 30));
        Hunt.Plan first = fullHd.plan(1, stale, new BitSet());
        Box a = fullHd.tiles.get(first.tile());
        assertTrue(a.iou(fullHd.tiles.get(40)) > 0, a + " for " + fullHd.tiles.get(40));
        assertEquals(5, first.stale().cardinality());
        Hunt.Plan second = fullHd.plan(2, first.stale(), new BitSet());
        assertTrue(fullHd.tiles.get(second.tile()).iou(fullHd.tiles.get(3)) > 0);
        assertTrue(second.stale().isEmpty());
        assertEquals(-1, fullHd.plan(3, second.stale(), new BitSet()).tile());
        // On the sweep's keyframe the tile with most change still goes first.
        assertEquals(first.tile(), fullHd.plan(Hunt.SWEEP, stale, new BitSet()).tile());
    }

    @Test
    void aTilesLookClearsNoPixelNearAnEdgeItSharesWithANeighbour() {
        for (Box t : fullHd.tiles) {
            Box in = fullHd.inner(t);
            int half = Hunt.overlap(fullHd.coarseScale) / 2;
            assertEquals(t.left() == 0 ? 0 : t.left() + half, in.left());
            assertEquals(t.right() == 1536 ? 1536 : t.right() - half, in.right());
            assertEquals(t.bottom() == 864 ? 864 : t.bottom() - half, in.bottom());
        }
    }

    @Test
    void aChangeAnywhereIsClearedWithinOneLookAtEachTile() {
        // The parts that looks clear cover the frame, where tiles overlap too.
        for (int y = 0; y < 864; y += 3) {
            for (int x = 0; x < 1536; x += 3) {
                int px = x, py = y;
                assertTrue(fullHd.inners.stream().anyMatch(b -> b.left() <= px && px < b.right() && b.top() <= py && py < b.bottom()),
                        x + "," + y);
            }
        }
        // The whole view changed: each look clears a tile's part, none is looked at twice.
        BitSet all = new BitSet();
        all.set(0, fullHd.viewWidth * fullHd.viewHeight);
        Hunt.Plan plan = fullHd.plan(1, new BitSet(), all);
        Set<Integer> looked = new HashSet<>();
        for (long k = 2; !plan.stale().isEmpty(); k++) {
            assertTrue(looked.add(plan.tile()), "tile " + plan.tile() + " twice");
            plan = fullHd.plan(k, plan.stale(), new BitSet());
        }
        assertTrue(looked.size() <= fullHd.tiles.size());
    }

    @Test
    void withNothingToCompareWithEveryKeyframeIsHuntedInFull() {
        Hunt.Plan plan = fullHd.plan(5, null, null);
        assertTrue(plan.coarse());
        assertEquals(fullHd.sweepTile(5), plan.tile());
        // A frame with no tiles has nothing to plan: it is looked at whole.
        assertEquals(-1, new Hunt(320, 192).plan(5, new BitSet(), null).tile());
    }

    @Test
    void aFrameNoLargerThanTheCoarsePassHasNoTiles() {
        Hunt small = new Hunt(320, 192);
        assertEquals(1.0, small.coarseScale);
        assertTrue(small.tiles.isEmpty());
        assertTrue(small.whole());
        // A 400x300 clip at --min-face 20: a coarse pass and a tile would cost more than the whole frame.
        assertTrue(new Hunt(320, 240).whole());
        assertFalse(new Hunt(512, 288).whole());

        Hunt hd = new Hunt(1024, 576);
        assertTrue(hd.coarseScale < 0.5 && hd.tiles.size() >= 4, hd.tiles.size() + " tiles at " + hd.coarseScale);
    }

    @Test
    void aFacesSquareHoldsItFourTimesOverAndStaysInTheFrame() {
        Box face = new Box(400, 740, 430, 710);
        Box square = fullHd.around(face);
        assertEquals(120, square.width());
        assertEquals(120, square.height());
        assertTrue(square.left() <= face.left() - 45 && square.right() >= face.right() + 45, square.toString());
        Box corner = fullHd.around(new Box(850, 1536, 864, 1520));
        assertEquals(new Box(864 - 64, 1536, 864, 1536 - 64), corner);
        Box huge = fullHd.around(new Box(0, 800, 700, 100));
        assertEquals(864, huge.width());
        assertTrue(huge.top() == 0 && huge.bottom() == 864);
    }

    @Test
    void aFaceCutByATilesInnerEdgeIsNotTakenButOneAtTheFramesEdgeIs() {
        Box tile = new Box(288, 576, 576, 288);
        assertTrue(fullHd.cut(new Box(300, 300, 330, 286), tile));
        assertTrue(fullHd.cut(new Box(560, 400, 577, 380), tile));
        assertFalse(fullHd.cut(new Box(300, 400, 330, 370), tile));
        Box corner = new Box(0, 288, 288, 0);
        assertFalse(fullHd.cut(new Box(0, 30, 30, 0), corner));
        assertTrue(fullHd.cut(new Box(0, 290, 30, 270), corner));
    }

    @Test
    void passesThatFindOneFaceTwiceGiveItOnceAtItsBestScore() {
        Detection whole = new Detection(new Box(100, 140, 140, 100), 0.9);
        Detection again = new Detection(new Box(102, 141, 141, 101), 0.95);
        Detection within = new Detection(new Box(110, 130, 130, 110), 0.7);
        Detection other = new Detection(new Box(100, 240, 140, 200), 0.6);
        List<Detection> merged = Hunt.merge(List.of(whole, other, again));
        assertEquals(List.of(again, other), merged);
        // A box inside another, overlapping it by less than the suppression's 0.3, is one face too.
        assertEquals(List.of(whole, other), Hunt.merge(List.of(within, whole, other)));
    }
}
