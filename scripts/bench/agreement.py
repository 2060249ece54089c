"""Per-frame agreement of names between a facerec report and the baseline's names: a frame
agrees when both name the same multiset of people; faces agree when a box of one side
overlaps one of the other (IoU >= 0.5) and carries the same name."""
import json
import sys
from collections import Counter

report, baseline = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
if isinstance(baseline, dict):  # another facerec report
    baseline = [f["faces"] for f in baseline["frames"]]


def iou(a, b):
    w = min(a["right"], b["right"]) - max(a["left"], b["left"])
    h = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    if w <= 0 or h <= 0:
        return 0.0
    area = lambda x: (x["right"] - x["left"]) * (x["bottom"] - x["top"])
    return w * h / (area(a) + area(b) - w * h)


frames = report["frames"]
assert len(frames) == len(baseline), "frame counts differ: %d vs %d" % (len(frames), len(baseline))
same_frames = sum(Counter(f["name"] for f in a["faces"]) == Counter(f["name"] for f in b) for a, b in zip(frames, baseline))
faces = same_faces = 0
for a, b in zip(frames, baseline):
    for f in b:
        faces += 1
        same_faces += any(g["name"] == f["name"] and iou(g["box"], f["box"]) >= 0.5 for g in a["faces"])
print("agreement: %.2f%% of %d frames name the same people; %.2f%% of %d baseline faces found with the same name"
      % (100.0 * same_frames / len(frames), len(frames), 100.0 * same_faces / max(faces, 1), faces))
