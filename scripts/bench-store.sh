#!/usr/bin/env bash
# Benchmark of large stores: a crowd of made-up people around real ones (facerec.bench.StoreBench:
# real embeddings under random signed permutations, one photo per person held out as its query),
# of 10,000, 100,000 and 1,000,000 faces. Per store: its size, load time and heap, the median time
# of one match as recognize makes it (coded above 20,000 faces) and comparing with every face
# (in the same process, with a heap large enough), queries named right each way; then the peak
# RSS of `facerec recognize` on a real clip with that store, beside the real store's (25 faces).
# Usage: scripts/bench-store.sh [FACES...]   (needs about 3 GB of disk in $TMPDIR for a million)
source "$(dirname "$0")/lib.sh"

sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
"$ROOT/scripts/fetch-testdata.sh"
"$ROOT/scripts/fetch-realclips.sh"
"$ROOT/scripts/setup.sh"
apt_ensure time
java_cp=$(bench_cp)
product=$(product_cp)
export FACEREC_MODELS="$ROOT/models"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
bench() { java "$@"; }

# The real people: the real-clip enrolment (10 frames each of two men) and the photos of face_recognition's tests.
java -cp "$java_cp" facerec.synth.RealClips enrol "$ROOT/testdata/realclips" "$work/data"
mkdir -p "$work/data/obama" "$work/data/biden" "$work/data/stranger"
cp "$ROOT"/testdata/images/obama{,2,3}.jpg "$work/data/obama/"
cp "$ROOT/testdata/images/biden.jpg" "$work/data/biden/"; cp "$ROOT/testdata/images/stranger.jpg" "$work/data/stranger/"
java -cp "$product" facerec.cli.Main encode --dataset "$work/data" --encodings "$work/real.json" >/dev/null
clip="$ROOT/testdata/realclips/cap13_edit2.mp4"

rss() { # STORE: peak RSS (MB) of recognize on the clip
  /usr/bin/time -f "%M" -o "$work/rss" java -Xmx256m -cp "$product" facerec.cli.Main recognize --quiet \
    --encodings "$1" --input "$clip" --report "$work/r.json" >/dev/null
  echo $(( $(cat "$work/rss") / 1024 ))
}
echo "recognize on $(basename "$clip") with the real store (25 faces): peak RSS $(rss "$work/real.json") MB"
for n in "${sizes[@]}"; do
  store="$work/s$n.json"
  java -cp "$java_cp" facerec.bench.StoreBench make "$work/real.json" "$store" "$n" | head -1
  echo "$(basename "$store"): $(( $(stat -c %s "$store") >> 20 )) MB of JSON"
  # As recognize runs: the tool's heap; then both ways in one process, with room for every face on the heap.
  java -Xmx256m -cp "$java_cp" facerec.bench.StoreBench match "$store"
  [ "$n" -gt 20000 ] && java -Xmx4g -cp "$java_cp" facerec.bench.StoreBench match "$store" 0.6 exact | tail -1
  echo "recognize on $(basename "$clip") with $n faces: peak RSS $(rss "$store") MB"
  rm -f "$store"
done
