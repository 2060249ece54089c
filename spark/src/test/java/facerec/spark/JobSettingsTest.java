package facerec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** An executor's JVM runs in its worker's folder: an input given relative to the driver's is read from there. */
class JobSettingsTest {
    @Test
    void aRelativeInputIsTheDriversAndEverythingElseStaysAsGiven() {
        JobSettings s = new JobSettings("/s/encodings.json", "/s/models", null, true, 600, "/home/me/archive");
        assertEquals("/home/me/archive/in/clip.mp4", s.source("in/clip.mp4"));
        assertEquals("/home/me/archive/../clip.mp4", s.source("../clip.mp4"));
        assertEquals("/data/clip.mp4", s.source("/data/clip.mp4"));
        assertEquals("rtsp://camera/stream", s.source("rtsp://camera/stream"));
        assertEquals("hdfs://nn/archive/clip.mp4", s.source("hdfs://nn/archive/clip.mp4"));
        assertEquals("file:///data/clip.mp4", s.source("file:///data/clip.mp4"));
        assertEquals("file:/data/clip.mp4", s.source("file:/data/clip.mp4"));
    }
}
