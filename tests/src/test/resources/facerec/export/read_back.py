"""Reads facerec's subtitles and CSV back with real parsers (webvtt-py, srt, Python's csv) and
checks them against the run's report, frame by frame: the cue in force at each frame's time
names exactly the people of that frame, and the CSV has one row per track shown.
With an EDL, OpenTimelineIO's cmx_3600 adapter reads it: one clip, the whole input, and a marker
at the first frame of each track shown, with its name, track and frame count.
Usage: read_back.py REPORT SUBTITLES CSV INPUT [EDL]; prints a summary, or the first mismatch and
exits 1."""
import csv
import html
import json
import sys
from datetime import timedelta

import srt
import webvtt

report_path, subs_path, csv_path, input_name = sys.argv[1:5]
report = json.load(open(report_path, encoding="utf-8"))


def fail(message):
    print("MISMATCH " + message)
    sys.exit(1)


def expected_text(names):
    unknown = sum(1 for n in names if n == "Unknown")
    parts = sorted({n for n in names if n != "Unknown"})
    if unknown:
        parts.append("Unknown" if unknown == 1 else "Unknown (%d)" % unknown)
    return ", ".join(parts)


if subs_path.endswith(".vtt"):
    cues = [(c.start_time.in_milliseconds(), c.end_time.in_milliseconds(), html.unescape(c.text))
            for c in webvtt.read(subs_path).captions]
else:
    cues = [(s.start // timedelta(milliseconds=1), s.end // timedelta(milliseconds=1), s.content)
            for s in srt.parse(open(subs_path, encoding="utf-8").read())]
for (s0, e0, _), (s1, _, _) in zip(cues, cues[1:]):
    if not s0 < e0 <= s1:
        fail("cues out of order or overlapping: %s %s" % (s0, s1))

shown = 0
for frame in report["frames"]:
    t = round(frame["timeMs"])
    want = expected_text([f["name"] for f in frame["faces"]])
    if not subs_path.endswith(".vtt"):
        # SubRip has no escapes: facerec writes a name's angle brackets as look-alikes.
        want = want.replace("<", "\u2039").replace(">", "\u203a")
    got = [c[2] for c in cues if c[0] <= t < c[1]]
    if (got[0] if got else "") != want or len(got) > 1:
        fail("frame %d at %d ms: cue %r, the report %r" % (frame["index"], t, got, want))
    shown += bool(want)

rows = list(csv.DictReader(open(csv_path, newline="", encoding="utf-8")))
rows = [r for r in rows if r["input"] == input_name]
tracks = [t for t in report["tracks"] if "firstMs" in t]
if len(rows) != len(tracks):
    fail("%d rows for %d tracks shown" % (len(rows), len(tracks)))
for row, t in zip(rows, tracks):
    person = t["name"]
    if person[:1] in "=+-@\t\r":
        person = "'" + person
    want = [person, t["id"], t["firstMs"], t["lastMs"], t["firstFrame"], t["lastFrame"],
            t["lastFrame"] - t["firstFrame"] + 1, t.get("distance")]
    got = [row["person"], int(row["track"]), float(row["start_ms"]), float(row["end_ms"]), int(row["first_frame"]),
           int(row["last_frame"]), int(row["frames"]), float(row["best_distance"]) if row["best_distance"] else None]
    if got != want:
        fail("row %s, track %s" % (got, want))
markers = 0
if len(sys.argv) > 5:
    import opentimelineio as otio

    timeline = otio.adapters.read_from_file(sys.argv[5], "cmx_3600", rate=round(report["fps"]))
    clips = list(timeline.find_clips())
    if len(clips) != 1 or clips[0].source_range.duration.to_frames() != len(report["frames"]):
        fail("EDL clips %s for %d frames" % ([c.source_range for c in clips], len(report["frames"])))
    got = sorted((m.marked_range.start_time.to_frames(), m.name, m.color) for m in clips[0].markers)
    want = sorted((t["firstFrame"], "%s, track %d, %d frames" % (t["name"], t["id"], t["lastFrame"] - t["firstFrame"] + 1),
                   "RED" if t["name"] == "Unknown" else "GREEN") for t in tracks)
    if got != want:
        fail("EDL markers %s, tracks %s" % (got, want))
    markers = len(got)
names = sorted({r["person"] for r in rows})
print("frames %d (%d with someone), cues %d, rows %d, markers %d, people %s" % (
    len(report["frames"]), shown, len(cues), len(rows), markers, json.dumps(names, separators=(",", ":"))))
