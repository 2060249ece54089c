package facerec.face;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BoxTest {
    @Test
    void scalingMapsADownscaledBoxBackToTheFrame() {
        // Found at width 400 on a 1280-wide frame.
        assertEquals(new Box(320, 640, 480, 320), new Box(100, 200, 150, 100).scale(1280 / 400.0));
    }

    @Test
    void overlapIsOneForTheSameBoxAndZeroApart() {
        Box a = new Box(0, 10, 10, 0);
        assertEquals(1, a.iou(a), 1e-12);
        assertEquals(0, a.iou(new Box(0, 30, 10, 20)), 1e-12);
        assertEquals(25.0 / 175, a.iou(new Box(5, 15, 15, 5)), 1e-12);
    }

    @Test
    void trimClipsToTheImage() {
        assertEquals(new Box(0, 100, 50, 0), new Box(-5, 120, 60, -3).trim(100, 50));
    }
}
