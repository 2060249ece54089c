#!/usr/bin/env bash
# Benchmark of `facerec encode` against its baseline, in one script on one machine:
# face_recognition 1.3.0 with dlib-bin, in a throw-away venv, on the same photos and settings.
# Prints photos/s and ms per stage for both, the speed ratios, and the largest element
# difference between the two sides' embeddings. Usage: scripts/bench-encode.sh [REPEAT]
source "$(dirname "$0")/lib.sh"

repeat=${1:-3}
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/fetch-testdata.sh"
venv=$(bench_venv)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# Every test photo, REPEAT times, each in a folder of its own; --multi-face all keeps every face.
for r in $(seq 1 "$repeat"); do
  for f in "$ROOT"/testdata/images/*.jpg "$ROOT"/testdata/images/*.png; do
    n=$(basename "$f"); mkdir -p "$work/data/${n%.*}"; cp "$f" "$work/data/${n%.*}/$r-$n"
  done
done
echo "photos: $(find "$work/data" -type f | wc -l) ($repeat x face_recognition's test photos); HOG, upsample 1, 5 landmarks, 1 jitter"
"$venv/bin/python" "$ROOT/scripts/bench/encode_baseline.py" "$work/data" "$work/python.json" | tee "$work/python.txt"
for t in 1 2; do
  "$ROOT/scripts/facerec" encode --dataset "$work/data" --encodings "$work/java$t.json" --multi-face all \
    --threads "$t" --verbose 2>&1 >/dev/null | sed -n 's/^timing: /java: /p' | tee "$work/java$t.txt"
done
rate() { grep -o '[0-9.]* photos/s' "$1" | cut -d' ' -f1; }
py=$(rate "$work/python.txt")
for t in 1 2; do
  echo "ratio, java --threads $t / python: $(awk -v a="$(rate "$work/java$t.txt")" -v b="$py" 'BEGIN {printf "%.2f", a / b}')"
done
"$venv/bin/python" "$ROOT/scripts/bench/compare_stores.py" "$work/java2.json" "$work/python.json"
