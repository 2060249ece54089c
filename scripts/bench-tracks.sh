#!/usr/bin/env bash
# Benchmark of an hour of many short tracks (issue 21, item 13): the track book fed as a
# recognize run feeds it, 90,000 frames (an hour at 25 fps) of 3 faces whose tracks last a second
# each, so 10,800 tracks; half named, half unknown. Without people outputs and with them (the
# page and --unknowns, which keep crops and a mean embedding per unknown track). Prints the heap
# that survives a full collection every 10 minutes of video, its growth per track since the first
# ten minutes, and the ratio of the hour's heap to the first ten minutes'. Decodes no video: the
# book's memory is all that grows with the number of tracks (frames and crops in flight are
# bounded elsewhere).
# Usage: scripts/bench-tracks.sh [FRAMES [FACES [TRACK_FRAMES]]]
source "$(dirname "$0")/lib.sh"

frames=${1:-90000}; faces=${2:-3}; length=${3:-25}
cd "$ROOT"
scripts/setup.sh
# The bench lives with the library's tests (it drives the package-private book), so compile them.
mvn -q -o -B -pl core test-compile -Djavacpp.skip=true -Ddlib.home="$DLIB_HOME" >&2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp="core/target/test-classes:$(product_cp)"
for people in false true; do
  echo "people outputs: $people"
  java -XX:+UseSerialGC -Xmx1g -cp "$cp" facerec.recognize.TrackMemoryBench "$frames" "$faces" "$length" "$people" \
    | tee "$work/out"
  read -r first last < <(awk '/ heap / {for (i = 1; i < NF; i++) if ($i == "heap") v[++n] = $(i + 1)} END {print v[1], v[n]}' "$work/out")
  echo "heap at the end / after the first sixth: $(echo "scale=2; $last / $first" | bc -l)"
done
