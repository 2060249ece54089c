package facerec.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AnnotatorTest {
    @Test
    void labelsAreAsciiThatOpenCvsFontsCanDraw() {
        assertEquals("Zoe Ødegaard".replace("Ø", "?"), Annotator.label("Zoë Ødegaard", 0, false));
        assertEquals("Jose 0.41", Annotator.label("José", 0.4132, true));
        assertEquals("?? Unknown", Annotator.label("李\u001b Unknown", 0, false));
    }
}
