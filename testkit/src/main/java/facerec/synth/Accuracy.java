package facerec.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import facerec.FacerecException;
import facerec.face.Box;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores a recognize report against ground truth. A whole true face is found when a reported
 * box overlaps it (intersection over union at least 0.4), and named right when that box
 * carries its name. A false name is a reported face with a known person's name that overlaps
 * no true face (whole or partial) of that person in the frame: someone named who is not there.
 */
public record Accuracy(int truthFaces, int namedRight, int missed, int misnamed, int falseNames, int frames) {

    public double rate() {
        return truthFaces == 0 ? 1 : (double) namedRight / truthFaces;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "accuracy: %.1f%% of %d ground-truth faces named right (%d missed, %d misnamed); %d faces named who was not there; %d frames",
                100 * rate(), truthFaces, missed, misnamed, falseNames, frames);
    }

    public static Accuracy score(SceneVideo.Truth truth, Path report) {
        JsonNode frames;
        try {
            frames = new ObjectMapper().readTree(report.toFile()).get("frames");
        } catch (IOException e) {
            throw new FacerecException("cannot read report " + report + ": " + e.getMessage(), e);
        }
        int total = 0;
        int right = 0;
        int missed = 0;
        int misnamed = 0;
        int falseNames = 0;
        for (SceneVideo.TruthFrame tf : truth.frames()) {
            JsonNode rf = frames.get(tf.index());
            List<String> names = new ArrayList<>();
            List<Box> boxes = new ArrayList<>();
            for (JsonNode f : rf.get("faces")) {
                JsonNode b = f.get("box");
                names.add(f.get("name").asText());
                boxes.add(new Box(b.get("top").asInt(), b.get("right").asInt(), b.get("bottom").asInt(), b.get("left").asInt()));
            }
            boolean[] matched = new boolean[boxes.size()];
            for (SceneVideo.TruthFace t : tf.faces()) {
                if (t.partial()) {
                    continue;
                }
                total++;
                int best = -1;
                double bestIou = 0.4;
                for (int i = 0; i < boxes.size(); i++) {
                    double iou = t.box().iou(boxes.get(i));
                    if (!matched[i] && iou >= bestIou) {
                        best = i;
                        bestIou = iou;
                    }
                }
                if (best < 0) {
                    missed++;
                } else {
                    matched[best] = true;
                    if (names.get(best).equals(t.name())) {
                        right++;
                    } else {
                        misnamed++;
                    }
                }
            }
            for (int i = 0; i < boxes.size(); i++) {
                Box box = boxes.get(i);
                String name = names.get(i);
                boolean there = tf.faces().stream().anyMatch(t -> t.name().equals(name) && t.box().iou(box) >= 0.3);
                if (!name.equals("Unknown") && !there) {
                    falseNames++;
                }
            }
        }
        return new Accuracy(total, right, missed, misnamed, falseNames, truth.frames().size());
    }
}
