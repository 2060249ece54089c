package facerec.cli;

import facerec.recognize.Painter;
import facerec.redact.RedactingPainter;
import facerec.redact.Redaction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What the output video hides: the redaction options of {@code facerec recognize}, as a picocli mixin. */
public final class RedactionOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--redact", paramLabel = "all|unknown",
            description = "Mask every face in the output video, or every face not named.")
    Redaction.Mode mode;

    @Option(names = "--redact-except", paramLabel = "NAME[,NAME...]", split = ",",
            description = "Mask every face but these people's, unknown ones included.")
    List<String> except = new ArrayList<>();

    @Option(names = "--redact-style", paramLabel = "blur|pixelate|solid", description = "Default: blur.")
    Redaction.Style style;

    @Option(names = "--redact-shape", paramLabel = "ellipse|box", description = "Default: ellipse.")
    Redaction.Shape shape;

    @Option(names = "--redact-margin", paramLabel = "F",
            description = "How far a mask reaches past the face's box on each side, in box sizes. Default: "
                    + Redaction.MARGIN + ".")
    Double margin;

    @Option(names = "--labels", description = "With --redact: draw the boxes and names over the masks too.")
    boolean labels;

    /** The redaction asked for, or null for none; a usage error for options that do not go together. */
    Redaction redaction() {
        boolean except = spec.commandLine().getParseResult().hasMatchedOption("--redact-except");
        if (except && this.except.stream().allMatch(String::isBlank)) {
            // "--redact-except ," or "" names nobody: fail shut, not into a video left bare.
            throw usage("--redact-except needs a name");
        }
        if (mode == null && !except) {
            for (String o : List.of("--redact-style", "--redact-shape", "--redact-margin", "--labels")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw usage(o + " needs --redact or --redact-except");
                }
            }
            return null;
        }
        if (mode != null && except) {
            throw usage("--redact and --redact-except do not go together: --redact-except masks everyone else already");
        }
        if (mode == Redaction.Mode.EXCEPT) {
            throw usage("--redact takes all or unknown; to show some people, --redact-except NAME[,NAME...]");
        }
        if (this.except.stream().anyMatch(String::isBlank)) {
            throw usage("--redact-except: an empty name");
        }
        try {
            return new Redaction(except ? Redaction.Mode.EXCEPT : mode, new LinkedHashSet<>(this.except),
                    style == null ? Redaction.Style.BLUR : style, shape == null ? Redaction.Shape.ELLIPSE : shape,
                    margin == null ? Redaction.MARGIN : margin);
        } catch (IllegalArgumentException e) {
            throw usage("--" + e.getMessage());
        }
    }

    /** One input's redacted video, with the boxes and names over it when asked. */
    RedactingPainter painter(Redaction redaction, boolean showDistance) {
        return new RedactingPainter(redaction, labels ? Painter.boxes(showDistance) : null);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
