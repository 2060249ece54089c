package facerec.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.FacerecException;
import facerec.face.Box;
import facerec.store.Matcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores a recognize report of an edited clip against its truth (who is in each frame) and
 * against a reference report of the same clip made with {@code --detect-every 1}.
 *
 * <p>Each face the report gives is named right (the person of that frame), misnamed (another
 * enrolled person's name, also on a frame with nobody in it) or unknown; a frame whose person
 * has no face at all in the report is missed. A face is late when the reference finds it at
 * frame f (a face in no overlapping place at f - 1, or a new shot) and the report has no face
 * overlapping it by frame f + {@link #LATE}.
 */
public record EditScore(int personFrames, int namedRight, int misnamed, int unknown, int missed, int onsets,
        int late, int worstDelay) {
    /** Frames a face may be found after the reference finds it. */
    public static final int LATE = 2;
    static final double SAME_PLACE = 0.3;

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d faces to name: %d named right, %d misnamed, %d unknown, %d missed;"
                + " %d faces appear, %d found late (worst %d frames)", personFrames, namedRight, misnamed, unknown, missed,
                onsets, late, worstDelay);
    }

    /** A report's faces, frame by frame. */
    record Face(String name, Box box) {}

    static List<List<Face>> faces(Path report) {
        JsonNode frames;
        try {
            frames = new ObjectMapper().readTree(report.toFile()).get("frames");
        } catch (IOException e) {
            throw new FacerecException("cannot read report " + report + ": " + e.getMessage(), e);
        }
        List<List<Face>> out = new ArrayList<>();
        for (JsonNode f : frames) {
            List<Face> faces = new ArrayList<>();
            for (JsonNode face : f.get("faces")) {
                JsonNode b = face.get("box");
                faces.add(new Face(face.get("name").asText(),
                        new Box(b.get("top").asInt(), b.get("right").asInt(), b.get("bottom").asInt(), b.get("left").asInt())));
            }
            out.add(faces);
        }
        return out;
    }

    public static EditScore score(EditedClip.Truth truth, Path report, Path reference) {
        return score(truth, faces(report), faces(reference));
    }

    static EditScore score(EditedClip.Truth truth, List<List<Face>> run, List<List<Face>> ref) {
        if (run.size() != truth.frames() || ref.size() != truth.frames()) {
            throw new FacerecException("reports have " + run.size() + " and " + ref.size() + " frames, the clip "
                    + truth.frames());
        }
        int personFrames = 0;
        int right = 0;
        int misnamed = 0;
        int unknown = 0;
        int missed = 0;
        for (int i = 0; i < run.size(); i++) {
            String person = truth.person(i);
            if (person != null) {
                personFrames++;
                if (run.get(i).isEmpty()) {
                    missed++;
                }
            }
            for (Face f : run.get(i)) {
                if (f.name().equals(person)) {
                    right++;
                } else if (f.name().equals(Matcher.UNKNOWN)) {
                    unknown++;
                } else {
                    misnamed++;
                }
            }
        }
        Lateness l = lateness(run, ref, truth.cuts());
        return new EditScore(personFrames, right, misnamed, unknown, missed, l.onsets(), l.late(), l.worstDelay());
    }

    /** How many faces the reference finds appearing, how many of them the run finds late, and the worst delay. */
    public record Lateness(int onsets, int late, int worstDelay) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d faces appear, %d found late (worst %d frames)", onsets, late, worstDelay);
        }
    }

    /** Lateness of one report against another of the same video, which has hard cuts at {@code cuts}. */
    public static Lateness lateness(Path report, Path reference, List<Integer> cuts) {
        return lateness(faces(report), faces(reference), cuts);
    }

    static Lateness lateness(List<List<Face>> run, List<List<Face>> ref, List<Integer> cuts) {
        int onsets = 0;
        int late = 0;
        int worst = 0;
        for (int i = 0; i < ref.size(); i++) {
            for (Face f : ref.get(i)) {
                boolean continued = i > 0 && !cuts.contains(i) && overlaps(ref.get(i - 1), f.box());
                if (continued) {
                    continue;
                }
                onsets++;
                int delay = delay(run, ref, i, f.box());
                worst = Math.max(worst, delay);
                if (delay > LATE) {
                    late++;
                }
            }
        }
        return new Lateness(onsets, late, worst);
    }

    /**
     * Frames from {@code start} until the run has a face where the reference's face is, following
     * the reference's face while it lasts; its length when the run never finds it.
     */
    private static int delay(List<List<Face>> run, List<List<Face>> ref, int start, Box box) {
        int i = start;
        while (i < run.size()) {
            if (overlaps(run.get(i), box)) {
                return i - start;
            }
            if (i + 1 >= ref.size()) {
                break;
            }
            Box here = box;
            Box next = ref.get(i + 1).stream().map(Face::box).filter(b -> b.iou(here) >= SAME_PLACE).findFirst().orElse(null);
            if (next == null) {
                break;
            }
            box = next;
            i++;
        }
        return i - start + 1;
    }

    private static boolean overlaps(List<Face> faces, Box box) {
        return faces.stream().anyMatch(f -> f.box().iou(box) >= SAME_PLACE);
    }
}
