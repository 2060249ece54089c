package facerec.recognize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The cut decision on content scores (scores[i]: the change from frame i - 1 to i). */
class CutsTest {
    @Test
    void aWeakChangeThatStandsOutIsACut() {
        // The same man in the same room, filmed twice: 15.6 against a still shot (measured, scripts/eval-realclips.sh).
        assertArrayEquals(new boolean[] {false, false, false, true, false, false, false, false},
                Cuts.find(new double[] {0, 1.2, 0.9, 15.6, 1.1, 0.8, 1.0, 1.3}));
    }

    @Test
    void steadyMotionIsNotACutEvenWhenLarge() {
        // A pan: every frame changes by 10 to 25 (measured on the entering clip).
        assertArrayEquals(new boolean[8], Cuts.find(new double[] {0, 11, 12, 13, 14, 15, 18, 22}));
    }

    @Test
    void aLargeChangeIsACutWhateverItsNeighbours() {
        assertArrayEquals(new boolean[] {false, false, true, false}, Cuts.find(new double[] {0, 20, 44, 20}));
    }

    @Test
    void flickerOnAStillPictureIsNotACut() {
        assertArrayEquals(new boolean[5], Cuts.find(new double[] {0, 0.1, 6, 0.1, 0.2}));
    }

    @Test
    void theFirstFrameOfARunIsNeverJudged() {
        assertArrayEquals(new boolean[] {false, false}, Cuts.find(new double[] {99, 0}));
    }

    /** A frame of 2x100000 made a thumbnail of 64x3200000, 614 MB; a portrait phone video's is unchanged. */
    @Test
    void aThumbnailIsBoundedWhateverTheFramesShape() {
        for (int[] c : new int[][] {{2, 100000, 1, 256}, {1920, 1080, 64, 36}, {1080, 1920, 64, 114}, {100000, 2, 64, 1}}) {
            try (org.bytedeco.opencv.opencv_core.Mat frame = new org.bytedeco.opencv.opencv_core.Mat(c[1], c[0],
                    org.bytedeco.opencv.global.opencv_core.CV_8UC3); org.bytedeco.opencv.opencv_core.Mat thumb = Cuts.thumbnail(frame)) {
                org.junit.jupiter.api.Assertions.assertEquals(c[2] + "x" + c[3], thumb.cols() + "x" + thumb.rows(), c[0] + "x" + c[1]);
            }
        }
    }
    /** A remembered shot's thumbnail is kept as bytes; the change between two is the same measured either way. */
    @Test
    void thumbnailsKeptAsBytesScoreAsTheirImagesDo() {
        try (org.bytedeco.opencv.opencv_core.Mat a = new org.bytedeco.opencv.opencv_core.Mat(360, 640,
                org.bytedeco.opencv.global.opencv_core.CV_8UC3);
                org.bytedeco.opencv.opencv_core.Mat b = new org.bytedeco.opencv.opencv_core.Mat(360, 640,
                        org.bytedeco.opencv.global.opencv_core.CV_8UC3);
                org.bytedeco.opencv.opencv_core.Mat low = new org.bytedeco.opencv.opencv_core.Mat(1, 1,
                        org.bytedeco.opencv.global.opencv_core.CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(0.0));
                org.bytedeco.opencv.opencv_core.Mat high = new org.bytedeco.opencv.opencv_core.Mat(1, 1,
                        org.bytedeco.opencv.global.opencv_core.CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(255.0))) {
            org.bytedeco.opencv.global.opencv_core.randu(a, low, high);
            org.bytedeco.opencv.global.opencv_core.randu(b, low, high);
            try (org.bytedeco.opencv.opencv_core.Mat ta = Cuts.thumbnail(a); org.bytedeco.opencv.opencv_core.Mat tb = Cuts.thumbnail(b)) {
                double images = Cuts.score(ta, tb);
                org.junit.jupiter.api.Assertions.assertTrue(images > 1, "random frames differ: " + images);
                org.junit.jupiter.api.Assertions.assertEquals(images, Cuts.score(Cuts.bytes(ta), Cuts.bytes(tb)), 1e-9);
                org.junit.jupiter.api.Assertions.assertEquals(0, Cuts.score(Cuts.bytes(ta), Cuts.bytes(ta)));
            }
        }
    }
}
