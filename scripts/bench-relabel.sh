#!/usr/bin/env bash
# Benchmark of `facerec relabel` against the recognize run that wrote the report, in this one
# script, as whole processes one after the other: on the real clips' alternating clip (43 s of
# 400x300), the demo clip (24 s of 720p) and the demo 12 times over (4 min 48 s):
#   (r) recognize --report, default mode
#   (l) relabel of that report with the same store, the fastest of three runs
#   (m) relabel of ten copies of it in one process
# Prints the times, the ratios (r)/(l) and (r)/((m)/10), and the report's size with and without
# its embeddings (what version 2 of the report adds).
# Usage: scripts/bench-relabel.sh [--threads N]
source "$(dirname "$0")/lib.sh"

threads=2; [ "${1:-}" = --threads ] && threads=$2
[ -f "$ROOT/input/demo.mp4" ] && [ -f "$ROOT/encodings.json" ] || "$ROOT/scripts/demo.sh" >/dev/null
realclips="$ROOT/output/realclips"
"$ROOT/scripts/eval-realclips.sh" build "$realclips"
apt_ensure time bc
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
product=$(product_cp)
export FACEREC_MODELS="$ROOT/models"
long="$CACHE/demo-x12.mp4"
[ -f "$long" ] || java -cp "$(bench_cp)" facerec.synth.DemoMain loop "$ROOT/input/demo.mp4" 12 "$long"
facerec=(java -Xmx256m -cp "$product" facerec.cli.Main)

# seconds CMD...: the wall time of CMD, in seconds
seconds() {
  /usr/bin/time -f "%e" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  cat "$work/t"
}
fastest() { printf '%s\n' "$@" | sort -g | head -1; }

printf '%-10s %7s %10s %10s %9s %9s %12s %12s\n' clip frames recognize relabel ratio "10 in one" "ratio each" "report, MB"
for clip in real demo long; do
  input="$ROOT/input/demo.mp4"; store="$ROOT/encodings.json"
  [ $clip = long ] && input="$long"
  [ $clip = real ] && { input="$realclips/alternate.mp4"; store="$realclips/encodings.json"; }
  report="$work/$clip.json"
  r=$(seconds "${facerec[@]}" recognize --quiet --threads "$threads" -e "$store" -i "$input" --report "$report")
  l=$(fastest "$(seconds "${facerec[@]}" relabel -e "$store" "$report")" \
              "$(seconds "${facerec[@]}" relabel -e "$store" "$report")" \
              "$(seconds "${facerec[@]}" relabel -e "$store" "$report")")
  copies=(); for i in $(seq 10); do cp "$report" "$work/$clip-$i.json"; copies+=("$work/$clip-$i.json"); done
  m=$(seconds "${facerec[@]}" relabel -e "$store" "${copies[@]}")
  sizes=$(python3 - "$report" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
whole = len(json.dumps(r, separators=(",", ":")))
for f in r["frames"]:
    for face in f["faces"]:
        face.pop("embedding", None)
bare = len(json.dumps(r, separators=(",", ":")))
print(f"{whole / 1e6:.2f} / {bare / 1e6:.2f}")
PY
)
  printf '%-10s %7d %9.2fs %9.2fs %9.1f %8.2fs %12.1f %12s\n' $clip \
    "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['frameCount'])" "$report")" "$r" "$l" \
    "$(echo "$r / $l" | bc -l)" "$m" "$(echo "$r / ($m / 10)" | bc -l)" "$sizes"
done
