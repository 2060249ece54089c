package facerec.people;

import facerec.files.AtomicFiles;
import facerec.report.Timeline;
import facerec.store.Matcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --html FILE}: who appears when, as a page that opens from disk. A row per person and
 * per unknown person: a face, the time seen and its share of the video, the tracks, the
 * closest distance, and a timeline bar whose segments show their first frame when pointed at
 * or clicked (CSS only: :hover and :focus). Everything is inline (styles, a few lines of
 * script, images as data URIs), so the page fetches nothing, and it lays out in one column at
 * a phone's width. A batch run adds an index page over its inputs.
 */
public final class HtmlReport {
    /** One segment of a row: from, to, and its first frame (null when none was kept). */
    public record Segment(double startMs, double endMs, byte[] frame) {}

    /** One person (or unknown person) of a page; faces best first, the first is the row's. */
    public record Row(String name, boolean unknown, List<byte[]> faces, List<Segment> segments, double seenMs, int tracks,
            double closest) {
        public byte[] face() {
            return faces.isEmpty() ? null : faces.get(0);
        }
    }

    /** Faces a row keeps: the page shows one, the contact sheet four. */
    static final int FACES = 4;

    /** One input's page. */
    public record Page(String input, int frames, double durationMs, boolean complete, List<Row> rows) {}

    /** One input on the index page: its page (null when the input failed), or why it failed. */
    public record Entry(String input, String href, Page page, String error) {}

    private HtmlReport() {}

    /**
     * The page of one input: its people in order of appearance, then its unknown people.
     *
     * @param namedCrops per name, its best crops (unknown tracks keep their own)
     * @param clusters   the unknown person of each unknown track ({@link #trackKey}), as clustered over the run
     */
    public static Page page(String input, int frames, boolean complete, List<Timeline.Person> people,
            List<TrackFaces> tracks, Map<String, List<TrackFaces.Crop>> namedCrops, SegmentFrames shots,
            Map<String, String> clusters, double gapSeconds) {
        double duration = shots.endMs();
        List<Row> rows = new ArrayList<>();
        for (Timeline.Person p : people) {
            List<TrackFaces> own = tracks.stream().filter(t -> t.name().equals(p.name())).toList();
            List<Segment> segments = p.segments().stream()
                    .map(s -> new Segment(s.startMs(), s.endMs(), frame(shots, p.name(), s.startMs()))).toList();
            List<byte[]> faces = namedCrops.getOrDefault(p.name(), List.of()).stream().limit(FACES)
                    .map(c -> c.face().jpeg()).toList();
            rows.add(new Row(p.name(), false, faces, segments, seen(segments, frameMs(frames, duration)),
                    own.size(), own.stream().mapToDouble(TrackFaces::distance).min().orElse(Double.NaN)));
        }
        Map<String, List<TrackFaces>> unknown = new java.util.LinkedHashMap<>();
        for (TrackFaces t : tracks) {
            String cluster = clusters.get(trackKey(t));
            if (Matcher.UNKNOWN.equals(t.name()) && cluster != null) {
                unknown.computeIfAbsent(cluster, c -> new ArrayList<>()).add(t);
            }
        }
        unknown.forEach((name, own) -> {
            List<Segment> segments = merge(own, shots, gapSeconds * 1000);
            rows.add(new Row(name, true, faces(own), segments, seen(segments, frameMs(frames, duration)), own.size(),
                    Double.NaN));
        });
        return new Page(input, frames, duration, complete, rows);
    }

    /** How a track is named in {@code clusters}: its input and its id. */
    public static String trackKey(TrackFaces t) {
        return t.input() + "#" + t.track();
    }

    private static double frameMs(int frames, double durationMs) {
        return frames == 0 ? 0 : durationMs / frames;
    }

    private static byte[] frame(SegmentFrames shots, String key, double startMs) {
        SegmentFrames.Shot s = shots.at(key, startMs);
        return s == null ? null : s.jpeg();
    }

    private static List<byte[]> faces(List<TrackFaces> tracks) {
        return new Clusters.Cluster(tracks).crops(FACES).stream().map(c -> c.face().jpeg()).toList();
    }

    /** An unknown person's tracks as segments: tracks less than the gap apart join, as the timeline's do. */
    private static List<Segment> merge(List<TrackFaces> tracks, SegmentFrames shots, double gapMs) {
        List<TrackFaces> byTime = new ArrayList<>(tracks);
        byTime.sort(Comparator.comparingDouble(TrackFaces::firstMs));
        List<Segment> out = new ArrayList<>();
        for (TrackFaces t : byTime) {
            Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && Timeline.joins(last.endMs(), t.firstMs(), gapMs)) {
                out.set(out.size() - 1, new Segment(last.startMs(), Math.max(last.endMs(), t.lastMs()), last.frame()));
            } else {
                out.add(new Segment(t.firstMs(), t.lastMs(), frame(shots, SegmentFrames.key(t.name(), t.track()), t.firstMs())));
            }
        }
        return out;
    }

    /** Each segment's span, and the last frame's own duration. */
    private static double seen(List<Segment> segments, double frameMs) {
        return segments.stream().mapToDouble(s -> s.endMs() - s.startMs() + frameMs).sum();
    }

    /** Writes one input's page. */
    public static void write(Path file, Page page) {
        AtomicFiles.write(file, out -> out.write(render(page).getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes the index of a batch run: each input, its people, and a link to its page. */
    public static void writeIndex(Path file, List<Entry> entries) {
        AtomicFiles.write(file, out -> out.write(renderIndex(entries).getBytes(StandardCharsets.UTF_8)));
    }

    static String render(Page page) {
        StringBuilder b = new StringBuilder(1 << 16);
        head(b, "facerec: " + page.input());
        b.append("<header><h1>").append(esc(page.input())).append("</h1><p>")
                .append(time(page.durationMs())).append(", ").append(page.frames()).append(page.frames() == 1 ? " frame" : " frames");
        long known = page.rows().stream().filter(r -> !r.unknown()).count();
        long unknown = page.rows().size() - known;
        b.append(" · ").append(known).append(known == 1 ? " person" : " people");
        b.append(", ").append(unknown).append(" unknown");
        if (!page.complete()) {
            b.append(" · <strong>incomplete: the input broke off or the run was stopped</strong>");
        }
        b.append("</p>\n<div class=\"axis\"><span>0:00.0</span><span>").append(time(page.durationMs() / 2))
                .append("</span><span>").append(time(page.durationMs())).append("</span></div></header>\n<main>\n");
        if (page.rows().isEmpty()) {
            b.append("<p class=\"none\">Nobody was found.</p>\n");
        }
        int seg = 0;
        for (Row r : page.rows()) {
            b.append("<section class=\"row").append(r.unknown() ? " unknown" : "").append("\" data-name=\"")
                    .append(esc(r.name())).append("\">\n");
            if (r.face() != null) {
                b.append("<img class=\"face\" alt=\"").append(esc(r.name())).append("\" src=\"").append(jpeg(r.face()))
                        .append("\">\n");
            } else {
                b.append("<div class=\"face\"></div>\n");
            }
            double share = page.durationMs() > 0 ? Math.min(1, r.seenMs() / page.durationMs()) : 0;
            b.append("<div class=\"about\"><h2>").append(esc(r.name())).append("</h2><p><b>").append(time(r.seenMs()))
                    .append("</b> seen (").append(String.format(Locale.ROOT, "%.0f%%", 100 * share)).append(") · ")
                    .append(r.tracks()).append(r.tracks() == 1 ? " track" : " tracks");
            if (!Double.isNaN(r.closest()) && !Double.isInfinite(r.closest())) {
                b.append(" · closest ").append(String.format(Locale.ROOT, "%.3f", r.closest()));
            }
            b.append("</p></div>\n<div class=\"bar\">");
            for (Segment s : r.segments()) {
                double left = page.durationMs() > 0 ? 100 * s.startMs() / page.durationMs() : 0;
                double width = page.durationMs() > 0 ? 100 * (s.endMs() - s.startMs()) / page.durationMs() : 0;
                String when = time(s.startMs()) + " to " + time(s.endMs());
                b.append("\n<a class=\"seg").append(left > 50 ? " right" : "").append("\" id=\"seg-").append(++seg)
                        .append("\" href=\"#seg-").append(seg).append("\" data-start-ms=\"")
                        .append(String.format(Locale.ROOT, "%.1f", s.startMs())).append("\" style=\"left:")
                        .append(String.format(Locale.ROOT, "%.3f%%;width:%.3f%%", left, width)).append("\" title=\"")
                        .append(esc(r.name())).append(", ").append(when).append("\"><span class=\"tip\">");
                if (s.frame() != null) {
                    b.append("<img alt=\"first frame at ").append(time(s.startMs())).append("\" src=\"")
                            .append(jpeg(s.frame())).append("\">");
                }
                b.append("<span>").append(when).append("</span></span></a>");
            }
            b.append("\n</div>\n</section>\n");
        }
        b.append("</main>\n");
        tail(b);
        return b.toString();
    }

    static String renderIndex(List<Entry> entries) {
        StringBuilder b = new StringBuilder();
        head(b, "facerec: " + entries.size() + (entries.size() == 1 ? " input" : " inputs"));
        b.append("<header><h1>").append(entries.size()).append(entries.size() == 1 ? " input" : " inputs")
                .append("</h1></header>\n<main>\n");
        for (Entry e : entries) {
            b.append("<section class=\"input\">\n<h2>");
            if (e.href() != null) {
                b.append("<a href=\"").append(esc(e.href())).append("\">").append(esc(e.input())).append("</a>");
            } else {
                b.append(esc(e.input()));
            }
            b.append("</h2>\n");
            if (e.page() == null) {
                b.append("<p class=\"failed\">failed: ").append(esc(e.error())).append("</p>\n");
            } else {
                b.append("<p>").append(time(e.page().durationMs())).append(e.page().complete() ? "" : ", incomplete")
                        .append("</p>\n<ul class=\"chips\">");
                for (Row r : e.page().rows()) {
                    b.append("<li").append(r.unknown() ? " class=\"unknown\"" : "").append(">");
                    if (r.face() != null) {
                        b.append("<img alt=\"").append(esc(r.name())).append("\" src=\"").append(jpeg(r.face())).append("\">");
                    }
                    b.append("<span>").append(esc(r.name())).append(" ").append(time(r.seenMs())).append("</span></li>");
                }
                b.append("</ul>\n");
                if (e.error() != null) {
                    b.append("<p class=\"failed\">").append(esc(e.error())).append("</p>\n");
                }
            }
            b.append("</section>\n");
        }
        b.append("</main>\n");
        tail(b);
        return b.toString();
    }

    private static void head(StringBuilder b, String title) {
        b.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                // Nothing may be fetched: a page of faces opened from disk must not call out.
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:;"
                        + " style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    }

    private static void tail(StringBuilder b) {
        b.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    }

    private static final String CSS = """
            :root { font-family: system-ui, sans-serif; color: #1d2330; background: #f5f6f8; }
            body { margin: 0 auto; max-width: 1100px; padding: 16px; }
            h1 { font-size: 1.3rem; margin: 0 0 4px; overflow-wrap: anywhere; }
            h2 { font-size: 1.05rem; margin: 0; overflow-wrap: anywhere; }
            header p, .about p { margin: 2px 0 0; color: #4a5263; font-size: .9rem; }
            .row { display: grid; grid-template-columns: 64px 200px 1fr; gap: 12px; align-items: center;
                   background: #fff; border-radius: 8px; padding: 10px; margin: 10px 0; box-shadow: 0 1px 2px #0002; }
            .face { width: 64px; height: 64px; object-fit: cover; border-radius: 6px; background: #dde1e8; }
            .unknown h2 { color: #a33; }
            .bar { position: relative; height: 28px; background: #e6e9ef; border-radius: 4px; }
            .seg { position: absolute; top: 0; bottom: 0; min-width: 3px; background: #2f6fdf; border-radius: 2px; }
            .unknown .seg { background: #c44; }
            .seg:hover, .seg:focus { outline: 2px solid #111; z-index: 2; }
            .tip { display: none; position: absolute; top: 34px; left: 0; width: 240px; max-width: 70vw;
                   background: #fff; border-radius: 6px; padding: 4px; box-shadow: 0 2px 8px #0005; color: #1d2330;
                   font-size: .8rem; text-align: center; }
            .seg.right .tip { left: auto; right: 0; }
            .tip img { display: block; width: 100%; border-radius: 4px; }
            .seg:hover .tip, .seg:focus .tip, .seg:target .tip { display: block; }
            .axis { display: flex; justify-content: space-between; font-size: .75rem; color: #4a5263;
                    margin: 6px 10px 0 298px; }
            .input { background: #fff; border-radius: 8px; padding: 10px; margin: 10px 0; }
            .chips { list-style: none; display: flex; flex-wrap: wrap; gap: 8px; padding: 0; margin: 6px 0 0; }
            .chips li { display: flex; align-items: center; gap: 6px; background: #eef1f6; border-radius: 18px; padding: 2px 10px 2px 2px; }
            .chips img { width: 32px; height: 32px; object-fit: cover; border-radius: 50%; }
            .chips .unknown span { color: #a33; }
            .failed { color: #a33; }
            @media (max-width: 640px) {
              body { padding: 8px; }
              .row { grid-template-columns: 64px 1fr; }
              .bar { grid-column: 1 / -1; }
              .axis { margin: 6px 10px 0; }
            }
            """;

    /**
     * Marks on the body how many images loaded, which the headless browser's test reads from
     * the rendered page.
     */
    private static final String SCRIPT = """
            addEventListener('load', () => {
              const all = Array.from(document.images);
              const ok = all.filter(i => i.complete && i.naturalWidth > 0).length;
              document.body.dataset.images = ok + '/' + all.length;
            });
            """;

    private static String jpeg(byte[] bytes) {
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(bytes);
    }

    /** m:ss.s */
    static String time(double ms) {
        long tenths = Math.round(ms / 100);
        return String.format(Locale.ROOT, "%d:%02d.%d", tenths / 600, tenths / 10 % 60, tenths % 10);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 ? ' ' : c);
            }
        }
        return b.toString();
    }
}
