#!/usr/bin/env bash
# How recognize --unknowns groups people it does not know, on the real-clip evaluation
# (scripts/eval-realclips.sh): the two edited clips, alternate.mp4 and entering.mp4, in one
# batch run (so one stranger in both clips must be one folder), first with the webcam man left
# out of the store, then with both men left out (only Obama and Biden enrolled). Prints, per
# clip: clusters, purity, and per person the clusters he is in, completeness and coverage
# (facerec.synth.ClusterScore); then the folders written across both clips.
# Usage: scripts/eval-clusters.sh [hog|cnn] [OUT_DIR]   (extra recognize options in $EVAL_OPTS)
source "$(dirname "$0")/lib.sh"

method=${1:-hog}
clips=$ROOT/output/realclips
out=${2:-$ROOT/output/clusters}
"$ROOT/scripts/eval-realclips.sh" build "$clips"
tool_cp=$(testkit_cp)
product=$(product_cp)
export FACEREC_MODELS=${FACEREC_MODELS:-$ROOT/models}
facerec() { java -Xmx256m -cp "$product" facerec.cli.Main "$@"; }
realclips() { java -cp "$tool_cp" facerec.synth.RealClips "$@"; }
rm -rf "$out"; mkdir -p "$out"
for left_out in "webcam" "webcam franck"; do
  case=$(echo "$left_out" | tr ' ' '-')
  mkdir -p "$out/$case/data"
  for p in "$clips"/data/*/; do
    name=$(basename "$p")
    [[ " $left_out " == *" $name "* ]] || cp -r "$p" "$out/$case/data/$name"
  done
  facerec encode --dataset "$out/$case/data" --encodings "$out/$case/encodings.json" >/dev/null
  /usr/bin/time -f "%e s wall" -o "$out/$case/time" java -Xmx256m -cp "$product" facerec.cli.Main recognize --encodings "$out/$case/encodings.json" --quiet \
    --detection-method "$method" ${EVAL_OPTS:-} --output-dir "$out/$case/run" --unknowns "$out/$case/unknowns" \
    --html "$out/$case/run/index.html" "$clips/alternate.mp4" "$clips/entering.mp4" >/dev/null 2>"$out/$case/err"
  echo "left out: $left_out ($method${EVAL_OPTS:+ $EVAL_OPTS}, $(cat "$out/$case/time"))"
  for clip in alternate entering; do
    printf '  %-9s %s\n' "$clip" "$(realclips clusters "$clips/$clip.truth.json" "$out/$case/unknowns" "$clips/$clip.mp4")"
  done
  sed 's/^/  /' "$out/$case/err"
done
