#!/usr/bin/env bash
# Benchmark of `facerec recognize`, all runs in this one script, as whole processes, one after
# the other (2 cores: nothing else should run meanwhile):
#   (a) the floor: a bare decode + MJPG re-encode of the same video through JavaCV
#   (b) recognize with tracking (the default, --detect-every 8)
#   (c) recognize detecting on every frame (--detect-every 1)
#   (d) the tutorial's Python pipeline (face_recognition + opencv-python-headless: HOG,
#       width 400, every frame, MJPG out)
# on the demo clip (24 s of 720p), on the real-clip evaluation's edited clip of two men
# alternating (43 s of 400x300, scripts/eval-realclips.sh), then (a) and (b) on a clip of the
# demo 12 times over (4 min 48 s), with peak RSS. Prints times (on the two short clips, of (a)
# and (b) the fastest of three runs), frames/s, the ratios and the agreement of names.
# With FACEREC_BASELINE_CP set to another build's class path, (b) of that build runs too, in
# the same way, as (b0): the ratio (b)/(b0) is the cost of a change.
# Then CNN mode (the tutorial's own default), default tracking, on the demo clip and the real
# clip: (e) this build and, with FACEREC_BASELINE_CP, (e0) the baseline build, the fastest of
# three runs each, with their system CPU share, the speed-up (e0)/(e) and the agreement of names.
# (f) is (b) with the people outputs, --unknowns DIR and --html FILE (the crops, the clustering
# and the page), on every clip: the ratio (f)/(b) is their cost, and the long clip's peak RSS
# shows whether they keep memory flat.
# Then the sizes: the alternating clip rendered at 640x360, 1280x720 and 1920x1080, recognized
# by (g) the default (HOG) and (h) --detection-method centerface, the fastest of three runs each,
# with their names against the truth and the ratio (h)/(g); with FACEREC_BASELINE_CP, (g0) and
# (h0) of the baseline build and the ratios (g)/(g0), (h)/(h0) and (h)/(g0). Then one detector
# call on a frame of each, HOG's against CenterFace's (facerec.bench.DetectorTime).
# BENCH_ONLY=cnn runs the CNN part alone; BENCH_ONLY=people runs only (b) and (f); BENCH_ONLY=sizes
# the sizes alone.
# Usage: scripts/bench-recognize.sh [--threads N]
source "$(dirname "$0")/lib.sh"

threads=2; [ "${1:-}" = --threads ] && threads=$2
[ -f "$ROOT/input/demo.mp4" ] && [ -f "$ROOT/encodings.json" ] || "$ROOT/scripts/demo.sh" >/dev/null
realclips="$ROOT/output/realclips"
"$ROOT/scripts/eval-realclips.sh" build "$realclips"
apt_ensure time bc
venv=$(bench_venv)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# The test kit (the clips and their scoring) and the detector-call bench.
java_cp=$(bench_cp)
product=$(product_cp)
export FACEREC_MODELS="$ROOT/models"
long="$CACHE/demo-x12.mp4"
[ -f "$long" ] || java -cp "$java_cp" facerec.synth.DemoMain loop "$ROOT/input/demo.mp4" 12 "$long"

# run NAME CMD...: runs CMD, keeps wall seconds in $work/NAME.s and peak RSS (MB) in $work/NAME.rss
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
  cut -d' ' -f1 "$work/$name.time" > "$work/$name.s"
  echo "scale=3; $(cut -d' ' -f4 "$work/$name.time") / ($(cut -d' ' -f3 "$work/$name.time") + $(cut -d' ' -f4 "$work/$name.time") + 0.001)" | bc -l > "$work/$name.sys"
  echo $(( $(cut -d' ' -f2 "$work/$name.time") / 1024 )) > "$work/$name.rss"
}
recognize=(java -Xmx256m -cp "$product" facerec.cli.Main recognize --quiet --threads "$threads")
baseline=(); [ -n "${FACEREC_BASELINE_CP:-}" ] && baseline=(java -Xmx256m -cp "$FACEREC_BASELINE_CP" facerec.cli.Main recognize --quiet --threads "$threads")
frames() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['frameCount'])" "$1"; }
line() { # label name frames
  printf '%-46s %7.2f s  %6.1f frames/s  peak RSS %4d MB\n' "$1" "$(cat "$work/$2.s")" \
    "$(echo "$3 / $(cat "$work/$2.s")" | bc -l)" "$(cat "$work/$2.rss")"
}
ratio() { echo "scale=2; $(cat "$work/$1.s") / $(cat "$work/$2.s")" | bc -l; }
# best NAME CMD...: run three times, keep the fastest (and the largest peak RSS): on a noisy
# 2-core machine one run of a 5-to-10-second job can be off by 10%.
best() {
  local name=$1 t=999999 m=0; shift
  for _ in 1 2 3; do
    run "$name" "$@"
    t=$(echo "if ($(cat "$work/$name.s") < $t) $(cat "$work/$name.s") else $t" | bc -l)
    m=$(( $(cat "$work/$name.rss") > m ? $(cat "$work/$name.rss") : m ))
  done
  echo "$t" > "$work/$name.s"; echo "$m" > "$work/$name.rss"
}

clips=(demo real long); [ "${BENCH_ONLY:-}" = cnn ] || [ "${BENCH_ONLY:-}" = sizes ] && clips=()
people=false; [ "${BENCH_ONLY:-}" = people ] && people=true
for clip in "${clips[@]}"; do
  input="$ROOT/input/demo.mp4"; store="$ROOT/encodings.json"; size=1280x720
  [ $clip = long ] && input="$long"
  [ $clip = real ] && { input="$realclips/alternate.mp4"; store="$realclips/encodings.json"; size=400x300; }
  times=best; [ $clip = long ] && times=run
  $people || $times "$clip-a" java -cp "$java_cp" facerec.synth.DemoMain loop "$input" 1 "$work/$clip-a.avi"
  $times "$clip-b" "${recognize[@]}" --encodings "$store" --input "$input" --output "$work/$clip-b.avi" --report "$work/$clip-b.json"
  $times "$clip-f" "${recognize[@]}" --encodings "$store" --input "$input" --output "$work/$clip-f.avi" --report "$work/$clip-f.json" \
    --unknowns "$work/$clip-unknowns" --html "$work/$clip-f.html"
  if $people; then
    n=$(frames "$work/$clip-b.json")
    echo "== $clip clip: $n frames of $size, --threads $threads"
    line "(b) recognize, tracking (--detect-every 8)" "$clip-b" "$n"
    line "(f) the same with --unknowns and --html" "$clip-f" "$n"
    echo "(f)/(b) $(ratio $clip-f $clip-b);  peak RSS (f)/(b) $(echo "scale=3; $(cat "$work/$clip-f.rss") / $(cat "$work/$clip-b.rss")" | bc -l)"
    continue
  fi
  if [ ${#baseline[@]} -gt 0 ]; then
    $times "$clip-b0" "${baseline[@]}" --encodings "$store" --input "$input" --output "$work/$clip-b0.avi" \
      --report "$work/$clip-b0.json"
  fi
  n=$(frames "$work/$clip-b.json")
  echo "== $clip clip: $n frames of $size, --threads $threads"
  line "(a) decode + MJPG re-encode (the floor)" "$clip-a" "$n"
  line "(b) recognize, tracking (--detect-every 8)" "$clip-b" "$n"
  line "(f) the same with --unknowns and --html" "$clip-f" "$n"
  echo "(f)/(b) $(ratio $clip-f $clip-b)"
  if [ ${#baseline[@]} -gt 0 ]; then line "(b0) the same with the baseline build" "$clip-b0" "$n"; fi
  if [ $clip != long ]; then
    run $clip-c "${recognize[@]}" --encodings "$store" --input "$input" --detect-every 1 --output "$work/$clip-c.avi" \
      --report "$work/$clip-c.json"
    run $clip-d "$venv/bin/python" "$ROOT/scripts/bench/recognize_baseline.py" "$store" "$input" \
      "$work/$clip-d.avi" "$work/$clip-d.json"
    line "(c) recognize, every frame (--detect-every 1)" $clip-c "$n"
    line "(d) the tutorial's Python pipeline" $clip-d "$n"
    echo "(b)/(a) $(ratio $clip-b $clip-a)   (c)/(b) $(ratio $clip-c $clip-b)   (d)/(b) $(ratio $clip-d $clip-b)   (d)/(c) $(ratio $clip-d $clip-c)"
    if [ ${#baseline[@]} -gt 0 ]; then echo "(b)/(b0) $(ratio $clip-b $clip-b0)"; fi
    echo "(b) against (c): $(python3 "$ROOT/scripts/bench/agreement.py" "$work/$clip-b.json" "$work/$clip-c.json")"
    echo "(c) against (d): $(python3 "$ROOT/scripts/bench/agreement.py" "$work/$clip-c.json" "$work/$clip-d.json")"
    if [ $clip = demo ]; then
      echo "(b) against the truth: $(java -cp "$java_cp" facerec.synth.DemoMain score "$ROOT/input/demo.truth.json" "$work/demo-b.json")"
      echo "(b) against (c), faces appearing: $(java -cp "$java_cp" facerec.synth.DemoMain late "$work/demo-b.json" "$work/demo-c.json")"
    else
      for run in b c; do
        echo "($run) against the truth: $(java -cp "$java_cp" facerec.synth.RealClips score "$realclips/alternate.truth.json" \
          "$work/real-$run.json" "$work/real-c.json")"
      done
    fi
  else
    echo "(b)/(a) $(ratio long-b long-a);  peak RSS of (b), 12x longer clip / demo clip: $(echo "scale=3; $(cat "$work/long-b.rss") / $(cat "$work/demo-b.rss")" | bc -l)"
    if [ ${#baseline[@]} -gt 0 ]; then echo "(b)/(b0) $(ratio long-b long-b0)"; fi
  fi
done

cnn_clips=(demo real); $people || [ "${BENCH_ONLY:-}" = sizes ] && cnn_clips=()
for clip in "${cnn_clips[@]}"; do
  input="$ROOT/input/demo.mp4"; store="$ROOT/encodings.json"; size=1280x720
  [ $clip = real ] && { input="$realclips/alternate.mp4"; store="$realclips/encodings.json"; size=400x300; }
  best "$clip-e" "${recognize[@]}" --detection-method cnn --encodings "$store" --input "$input" \
    --output "$work/$clip-e.avi" --report "$work/$clip-e.json"
  n=$(frames "$work/$clip-e.json")
  echo "== $clip clip, CNN: $n frames of $size, --threads $threads"
  line "(e) recognize --detection-method cnn" "$clip-e" "$n"; echo "    system CPU: $(cat "$work/$clip-e.sys") of the CPU time"
  if [ ${#baseline[@]} -gt 0 ]; then
    best "$clip-e0" "${baseline[@]}" --detection-method cnn --encodings "$store" --input "$input" \
      --output "$work/$clip-e0.avi" --report "$work/$clip-e0.json"
    line "(e0) the same with the baseline build" "$clip-e0" "$n"; echo "    system CPU: $(cat "$work/$clip-e0.sys") of the CPU time"
    echo "(e0)/(e) $(ratio $clip-e0 $clip-e)   (e) against (e0): $(python3 "$ROOT/scripts/bench/agreement.py" "$work/$clip-e.json" "$work/$clip-e0.json")"
  fi
  if [ $clip = real ]; then
    echo "(e) against the truth: $(java -cp "$java_cp" facerec.synth.RealClips score "$realclips/alternate.truth.json" \
      "$work/real-e.json" "$work/real-e.json")"
  fi
done

[ -z "${BENCH_ONLY:-}" ] || [ "${BENCH_ONLY:-}" = sizes ] || exit 0
for h in 360 720 1080; do
  clip="$realclips/alternate-${h}p.mp4"
  [ -f "${clip%.mp4}.truth.json" ] || java -cp "$java_cp" facerec.synth.RealClips scaled "$ROOT/testdata/realclips" "$realclips" $h
  store="$realclips/encodings.json"
  for run in g h; do
    method=hog; [ $run = h ] && method=centerface
    best "$h-$run" "${recognize[@]}" --detection-method $method --encodings "$store" --input "$clip" --report "$work/$h-$run.json"
    if [ ${#baseline[@]} -gt 0 ]; then
      best "$h-${run}0" "${baseline[@]}" --detection-method $method --encodings "$store" --input "$clip" --report "$work/$h-${run}0.json"
    fi
  done
  n=$(frames "$work/$h-g.json")
  echo "== the alternating clip at ${h}p: $n frames, --threads $threads"
  for run in g h; do
    label="(g) recognize, default (hog)"; [ $run = h ] && label="(h) recognize --detection-method centerface"
    line "$label" "$h-$run" "$n"
    echo "    $(java -cp "$java_cp" facerec.synth.RealClips score "${clip%.mp4}.truth.json" "$work/$h-$run.json" "$work/$h-$run.json")"
    if [ ${#baseline[@]} -gt 0 ]; then line "(${run}0) the same with the baseline build" "$h-${run}0" "$n"; fi
  done
  echo "(h)/(g) $(ratio $h-h $h-g)$([ ${#baseline[@]} -gt 0 ] && echo "   (g)/(g0) $(ratio $h-g $h-g0)   (h)/(h0) $(ratio $h-h $h-h0)   (h)/(g0) $(ratio $h-h $h-g0)")"
  echo "one detector call: $(java -cp "$java_cp" facerec.bench.DetectorTime "$clip" 2>/dev/null)"
done
