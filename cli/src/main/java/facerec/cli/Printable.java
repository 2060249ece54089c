package facerec.cli;

/**
 * Text from files and folders made safe for a terminal: a folder named with ESC sequences or
 * newlines must not recolour the screen, move the cursor or forge a line of output. Control
 * and invisible formatting characters (bidirectional overrides among them) are printed as
 * escapes: {@code \x1b}, {@code \n}, {@code \u202e}.
 */
final class Printable {
    private Printable() {}

    static String of(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x100 && Character.isISOControl(c)) {
                out.append(String.format("\\x%02x", c));
            } else if (Character.getType(c) == Character.FORMAT || Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
