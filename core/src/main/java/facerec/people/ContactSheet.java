package facerec.people;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import facerec.draw.Annotator;
import facerec.files.AtomicFiles;
import facerec.video.Images;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * {@code --sheet FILE.png}: the page as one picture, for a terminal's image viewer or a chat:
 * per input a title, then a row per person and per unknown person, with up to four faces, the
 * time seen, and the timeline bar. Names are drawn in ASCII, as on the video ({@link Annotator#label}).
 */
public final class ContactSheet {
    static final int WIDTH = 1000;
    static final int THUMB = 96;
    static final int ROW = THUMB + 16;
    static final int TITLE = 44;
    /** Where the text and the bar of a row start, after its four faces. */
    static final int TEXT = 8 + HtmlReport.FACES * (THUMB + 6) + 10;

    private ContactSheet() {}

    /** Writes the sheet of the pages, one after another, as PNG. */
    public static void write(java.nio.file.Path file, List<HtmlReport.Page> pages) {
        try (Mat sheet = render(pages)) {
            byte[] png = Images.encode(sheet, ".png");
            AtomicFiles.write(file, out -> out.write(png));
        }
    }

    static Mat render(List<HtmlReport.Page> pages) {
        int height = 8;
        for (HtmlReport.Page p : pages) {
            height += TITLE + ROW * Math.max(1, p.rows().size());
        }
        Mat sheet = new Mat(height, WIDTH, opencv_core.CV_8UC3);
        try (Scalar white = new Scalar(248, 246, 245, 0)) {
            sheet.put(white);
        }
        int y = 8;
        for (HtmlReport.Page p : pages) {
            text(sheet, String.format(Locale.ROOT, "%s  (%s, %d frames%s)", p.input(), HtmlReport.time(p.durationMs()),
                    p.frames(), p.complete() ? "" : ", incomplete"), 8, y + 28, 0.7, 2, new double[] {48, 35, 29});
            y += TITLE;
            if (p.rows().isEmpty()) {
                text(sheet, "nobody was found", TEXT, y + 40, 0.55, 1, new double[] {99, 82, 74});
            }
            for (HtmlReport.Row r : p.rows()) {
                row(sheet, r, p.durationMs(), y);
                y += ROW;
            }
        }
        return sheet;
    }

    private static void row(Mat sheet, HtmlReport.Row r, double durationMs, int y) {
        for (int i = 0; i < r.faces().size(); i++) {
            try (Mat face = thumb(r.faces().get(i)); Rect at = new Rect(8 + i * (THUMB + 6), y + 8, THUMB, THUMB);
                    Mat dst = new Mat(sheet, at)) {
                face.copyTo(dst);
            }
        }
        double[] colour = Annotator.colour(r.name(), r.unknown());
        text(sheet, Annotator.label(r.name(), 0, false).text(), TEXT, y + 32, 0.7, 2, colour);
        double share = durationMs > 0 ? Math.min(1, r.seenMs() / durationMs) : 0;
        String about = String.format(Locale.ROOT, "%s seen (%.0f%%), %d track%s", HtmlReport.time(r.seenMs()), 100 * share,
                r.tracks(), r.tracks() == 1 ? "" : "s");
        if (!Double.isNaN(r.closest()) && !Double.isInfinite(r.closest())) {
            about += String.format(Locale.ROOT, ", closest %.3f", r.closest());
        }
        if (!r.segments().isEmpty()) {
            about += ", " + HtmlReport.time(r.segments().get(0).startMs()) + " to "
                    + HtmlReport.time(r.segments().get(r.segments().size() - 1).endMs());
        }
        text(sheet, about, TEXT, y + 58, 0.5, 1, new double[] {99, 82, 74});
        int left = TEXT;
        int width = WIDTH - TEXT - 12;
        box(sheet, left, y + 72, width, 22, new double[] {239, 233, 230});
        for (HtmlReport.Segment s : r.segments()) {
            int x0 = left + (int) (durationMs > 0 ? width * s.startMs() / durationMs : 0);
            int x1 = left + (int) (durationMs > 0 ? width * s.endMs() / durationMs : 0);
            box(sheet, x0, y + 72, Math.max(3, x1 - x0), 22, colour);
        }
    }

    /** A face as a THUMB-square: its middle square, scaled. */
    private static Mat thumb(byte[] jpeg) {
        try (Mat raw = new Mat(new BytePointer(jpeg)); Mat img = opencv_imgcodecs.imdecode(raw, opencv_imgcodecs.IMREAD_COLOR)) {
            Mat out = new Mat();
            if (img.empty()) {
                out.create(THUMB, THUMB, opencv_core.CV_8UC3);
                try (Scalar grey = new Scalar(200, 200, 200, 0)) {
                    out.put(grey);
                }
                return out;
            }
            int side = Math.min(img.cols(), img.rows());
            try (Rect r = new Rect((img.cols() - side) / 2, (img.rows() - side) / 2, side, side); Mat square = new Mat(img, r);
                    Size s = new Size(THUMB, THUMB)) {
                resize(square, out, s, 0, 0, INTER_AREA);
            }
            return out;
        }
    }

    private static void box(Mat sheet, int x, int y, int w, int h, double[] bgr) {
        try (Point a = new Point(x, y); Point b = new Point(x + w, y + h); Scalar c = new Scalar(bgr[0], bgr[1], bgr[2], 0)) {
            rectangle(sheet, a, b, c, FILLED, LINE_AA, 0);
        }
    }

    private static void text(Mat sheet, String s, int x, int y, double scale, int thickness, double[] bgr) {
        String ascii = Annotator.label(s, 0, false).text();
        try (Point at = new Point(x, y); Scalar c = new Scalar(bgr[0], bgr[1], bgr[2], 0)) {
            putText(sheet, ascii, at, FONT_HERSHEY_SIMPLEX, scale, c, thickness, LINE_AA, false);
        }
    }
}
