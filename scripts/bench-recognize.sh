#!/usr/bin/env bash
# Benchmark of `facerec recognize` on the demo clip (24 s, 720p, 25 fps) against the tutorial's
# Python pipeline (face_recognition + opencv-python-headless, HOG, width 400, every frame,
# MJPG out), both run here, one after the other, as whole processes. Prints frames/s of each,
# the speed ratios, and the per-frame agreement of names. Usage: scripts/bench-recognize.sh
source "$(dirname "$0")/lib.sh"

[ -f "$ROOT/input/demo.mp4" ] && [ -f "$ROOT/encodings.json" ] || "$ROOT/scripts/demo.sh" >/dev/null
"$ROOT/scripts/bench-encode.sh" 0 >/dev/null 2>&1 || true   # creates the baseline venv if missing
venv="$CACHE/bench-venv"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
clip="$ROOT/input/demo.mp4"
now() { date +%s.%N; }
t0=$(now)
"$venv/bin/python" "$ROOT/scripts/bench/recognize_baseline.py" "$ROOT/encodings.json" "$clip" "$work/py.avi" "$work/py.json"
py=$(echo "$(now) - $t0" | bc)
frames=$(python3 -c "import json,sys; print(len(json.load(open('$work/py.json'))))")
for t in 1 2; do
  t0=$(now)
  "$ROOT/scripts/facerec" recognize --encodings "$ROOT/encodings.json" --input "$clip" --threads "$t" --quiet \
    --output "$work/java$t.avi" --report "$work/java$t.json" >/dev/null
  s=$(echo "$(now) - $t0" | bc)
  printf 'facerec --threads %d: %d frames in %.2f s (%.1f frames/s), %.2fx the tutorial\n' "$t" "$frames" "$s" \
    "$(echo "$frames / $s" | bc -l)" "$(echo "$py / $s" | bc -l)"
done
printf 'tutorial (python, whole process): %.2f s (%.1f frames/s)\n' "$py" "$(echo "$frames / $py" | bc -l)"
python3 "$ROOT/scripts/bench/agreement.py" "$work/java2.json" "$work/py.json"
