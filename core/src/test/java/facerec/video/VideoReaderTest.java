package facerec.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a read that reached its end is still short of what the container declares. */
class VideoReaderTest {
    @Test
    void aCountedContainerMayMissTwoPercentOfItsFrames() {
        assertNull(VideoReader.shortfall(98, 100, 4_000_000, 4_000_000, 25));
        assertEquals("ended at frame 97 of 100 declared in its header",
                VideoReader.shortfall(97, 100, 4_000_000, 3_880_000, 25));
    }

    @Test
    void anEndWellBeforeTheDurationIsTruncation() {
        assertNull(VideoReader.shortfall(90, 0, 4_000_000, 3_600_000, 25));
        assertEquals("ended at frame 80 (3.20 s) of 4.00 s", VideoReader.shortfall(80, 0, 4_000_000, 3_200_000, 25));
    }

    @Test
    void anUncountedStreamThatEndsOnTimeMustHoldNinetyPercentOfItsFrames() {
        // The WebM of the issue: damaged in the middle, its last frame still at 30.56 s.
        assertEquals("gave 338 frames where its 30.60 s at 25 fps hold 765",
                VideoReader.shortfall(338, 0, 30_600_000, 30_600_000, 25));
        assertNull(VideoReader.shortfall(690, 0, 30_600_000, 30_600_000, 25));
        // A container that counts its frames is held to its count, not to its rate.
        assertNull(VideoReader.shortfall(338, 338, 30_600_000, 30_600_000, 25));
    }

    /** --timeout applies to what FFmpeg reads over a network, and never to a file, however it is named. */
    @Test
    void timeoutsAreForNetworkInputsOnly() {
        for (String url : new String[] {"http://h/x.mp4", "HTTPS://h/x", "rtsp://cam/1", "rtmp+tls://h/live", "tcp://1.2.3.4:9"}) {
            assertTrue(VideoReader.isNetwork(url), url);
        }
        for (String path : new String[] {"x.mp4", "/videos/a://b.mp4", "file:///x.mp4", "FILE://x", "://x", "a b://c", "files"}) {
            assertFalse(VideoReader.isNetwork(path), path);
        }
    }
}
