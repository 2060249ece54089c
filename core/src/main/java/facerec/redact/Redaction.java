package facerec.redact;

import facerec.store.Matcher;
import java.util.Set;

/**
 * Who is masked and how. A face is shown bare only when the name its track shows is surely
 * one that may be shown: under {@link Mode#UNKNOWN} any enrolled person, under
 * {@link Mode#EXCEPT} only the people listed; an unknown face is always masked.
 *
 * @param margin how far a mask reaches past the face's box on each side, in box sizes: dlib's
 *     boxes end at the brow and the chin, and hair and ears identify a person too
 */
public record Redaction(Mode mode, Set<String> except, Style style, Shape shape, double margin) {
    public enum Mode { ALL, UNKNOWN, EXCEPT }

    public enum Style { BLUR, PIXELATE, SOLID }

    public enum Shape { ELLIPSE, BOX }

    /** The default margin: a quarter of the box on each side. */
    public static final double MARGIN = 0.25;
    /** The largest margin: twice the box on each side already masks a head and shoulders. */
    public static final double MAX_MARGIN = 2;

    public Redaction {
        except = Set.copyOf(except);
        if (!(margin >= 0 && margin <= MAX_MARGIN)) {
            throw new IllegalArgumentException("redact-margin must be 0 to " + MAX_MARGIN + ", not " + margin);
        }
        if (mode == Mode.EXCEPT && except.isEmpty()) {
            throw new IllegalArgumentException("redact-except needs at least one name");
        }
    }

    /** Whether a face shown under {@code name} stays bare. */
    public boolean shows(String name) {
        return switch (mode) {
            case ALL -> false;
            case UNKNOWN -> !Matcher.UNKNOWN.equals(name);
            case EXCEPT -> except.contains(name);
        };
    }
}
