package facerec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void controlAndFormattingCharactersAreEscaped() {
        assertEquals("joe\\x1b[2J\\nx", Printable.of("joe\u001b[2J\nx"));
        assertEquals("evil\\u202etxt.exe", Printable.of("evil\u202etxt.exe"));
        assertEquals("a\\\\b", Printable.of("a\\b"));
    }

    @Test
    void ordinaryNamesAreUnchanged() {
        assertEquals("Zoë Ødegaard 李", Printable.of("Zoë Ødegaard 李"));
    }
}
