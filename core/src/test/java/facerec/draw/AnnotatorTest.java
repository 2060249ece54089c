package facerec.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnnotatorTest {
    @Test
    void labelsAreAsciiThatOpenCvsFontsCanDraw() {
        assertEquals("Zoe Ødegaard".replace("Ø", "?"), Annotator.label("Zoë Ødegaard", 0, false).text());
        assertEquals("Jose 0.41", Annotator.label("José", 0.4132, true).text());
        assertEquals("?? Unknown", Annotator.label("李\u001b Unknown", 0, false).text());
    }

    @Test
    void aNameIsCutToItsLongestStartThatFitsAndTheDistanceStays() {
        Annotator.Label label = Annotator.label("Jean-Baptiste Emmanuel Zorg", 0.41, true);
        String shown = Annotator.fit(label, 200, 0.6, 2);
        assertTrue(shown.endsWith(".. 0.41"), shown);
        String start = shown.substring(0, shown.length() - ".. 0.41".length());
        assertTrue(label.name().startsWith(start) && start.length() >= 2, shown);
        String longer = label.name().substring(0, start.length() + 1) + ".. 0.41";
        assertTrue(Annotator.fit(new Annotator.Label(longer, ""), 200, 0.6, 2).endsWith(".."), "one more character is too wide");
        assertEquals("Jean-Baptiste Emmanuel Zorg 0.41", Annotator.fit(label, 1920, 0.6, 2));
    }

    @Test
    void digitsInANameAreTheName() {
        // "x 1.25" once read back as the name "x" and a distance of 1.25.
        Annotator.Label label = Annotator.label("Agent Smith 1.25", 0, false);
        String shown = Annotator.fit(label, 120, 0.6, 2);
        assertTrue(shown.endsWith("..") && label.name().startsWith(shown.substring(0, shown.length() - 2)), shown);
        assertEquals("Agent Smith 1.25", Annotator.fit(label, 640, 0.6, 2));
    }

    @Test
    void aNameOfTheLongestAStoreHoldsIsCut() {
        String shown = Annotator.fit(Annotator.label("n".repeat(255), 0.5, true), 640, 0.6, 2);
        assertTrue(shown.matches("n{2,254}\\.\\. 0\\.50"), shown);
    }
}
