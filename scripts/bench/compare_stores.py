"""Compares the faces of two stores (by image and box): how many pair up, and the largest
difference of any embedding element between the two sides."""
import json
import sys

a, b = (json.load(open(p)) for p in sys.argv[1:3])
key = lambda f: (f["image"], f["box"]["top"], f["box"]["right"], f["box"]["bottom"], f["box"]["left"])
other = {key(f): f["embedding"] for f in b["faces"]}
diffs = [max(abs(x - y) for x, y in zip(f["embedding"], other[key(f)])) for f in a["faces"] if key(f) in other]
print("faces: %d vs %d, %d with the same image and box; largest embedding element difference %.2e"
      % (len(a["faces"]), len(b["faces"]), len(diffs), max(diffs) if diffs else float("nan")))
