#!/usr/bin/env bash
# The archive job on a real Spark standalone cluster on this machine (scripts/spark-standalone.sh:
# a master and two workers, one core each, executors in JVMs of their own), against the CLI's
# batch run of the same inputs (the real clips' two edited clips, and a video cut short):
#   1. scripts/facerec-spark --master spark://...: every report equals the CLI's frame for frame
#      (names, boxes, tracks), the broken video fails alone, the table holds each track once.
#   2. The README's spark-submit form, through org.apache.spark.deploy.SparkSubmit from the same
#      artifacts (--jars, --files encodings.json, --archives models.tgz#models), from a folder
#      without models/: the executors load the models from the shipped archive. Same checks.
#   3. An executor JVM killed (kill -9) while its task runs, early and while a video is written,
#      and every executor once the table's commit has begun: the job completes, the tasks are
#      rerun, no temporary file is left, every output is whole and the table holds each track once.
#   4. Both workers killed (kill -9 of the Worker JVMs and their executors) while the job runs, and
#      never started again: the job ends within its --executor-wait (20 s here) and a margin, exit 1,
#      with one line saying so; no temporary file is left, and every report there is is whole.
# Usage: scripts/test-spark-cluster.sh (about 4 minutes on 2 cores)
source "$(dirname "$0")/lib.sh"

realclips="$ROOT/output/realclips"
"$ROOT/scripts/eval-realclips.sh" build "$realclips" >/dev/null
"$ROOT/scripts/facerec-spark" --help >/dev/null
work=$(mktemp -d)
export FACEREC_CLUSTER_DIR="$work/cluster"
trap '"$ROOT/scripts/spark-standalone.sh" stop; rm -rf "$work"' EXIT
export FACEREC_MODELS="$ROOT/models"
store="$realclips/encodings.json"
head -c 300000 "$realclips/alternate.mp4" > "$work/broken.mp4"
inputs=("$realclips/alternate.mp4" "$work/broken.mp4" "$realclips/entering.mp4")

log "the CLI's batch run"
"$ROOT/scripts/facerec" recognize --quiet -e "$store" --output-dir "$work/cli" "${inputs[@]}" > "$work/cli.lines" || true
url=$("$ROOT/scripts/spark-standalone.sh" start --workers 2)
log "cluster at $url"

# check DIR LINES: the job's outputs in DIR against the CLI's
check() {
  python3 - "$work/cli" "$1" "$2" <<'PY'
import glob, json, os, sys
cli, out, lines = sys.argv[1:4]
status = [json.loads(l)["status"] for l in open(lines)]
assert status == ["ok", "failed", "ok"], status
tracks = 0
for name in ("alternate", "entering"):
    a = json.load(open(os.path.join(cli, name + ".json")))
    b = json.load(open(os.path.join(out, name + ".json")))
    strip = lambda r: [[(f["name"], f["box"], f["track"]) for f in fr["faces"]] for fr in r["frames"]]
    assert strip(a) == strip(b), name + ": the frames differ from the CLI's"
    assert [(t["id"], t["name"], t["firstFrame"], t["lastFrame"]) for t in a["tracks"]] == \
           [(t["id"], t["name"], t["firstFrame"], t["lastFrame"]) for t in b["tracks"]], name + ": tracks differ"
    assert a["people"] == b["people"], name
    tracks += len(b["tracks"])
    assert os.path.getsize(os.path.join(out, name + ".avi")) > 10000, name + ".avi"
assert not os.path.exists(os.path.join(out, "broken.json")), "a failed input left a report"
left = [f for f in os.listdir(out) if f.startswith(".")]
assert not left, "temporary files left: %s" % left
rows = [json.loads(l) for f in glob.glob(os.path.join(out, "appearances.jsonl", "*.json")) for l in open(f)]
keys = [(r["input"], r["track"]) for r in rows]
assert len(keys) == len(set(keys)) == tracks, "rows %d, distinct %d, tracks %d" % (len(keys), len(set(keys)), tracks)
print("  frames and tracks as the CLI's; broken.mp4 failed alone; %d rows, each track once" % tracks)
PY
}

log "1. scripts/facerec-spark --master $url"
start=$(date +%s.%N)
"$ROOT/scripts/facerec-spark" --master "$url" --quiet --encodings "$store" --output-dir "$work/job" "${inputs[@]}" \
  > "$work/job.lines" 2> "$work/job.err" && die "the job should exit 1 (one input is broken)"
grep -q "facerec: 1 of 3 inputs failed" "$work/job.err" || { cat "$work/job.err" >&2; die "no failure line"; }
check "$work/job" "$work/job.lines"
printf '  %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc -l)"

log "2. spark-submit, with the store and the models shipped"
submit="$work/submit"; mkdir -p "$submit"
cp "$store" "$submit/encodings.json"
tar -czf "$submit/models.tgz" -C "$ROOT/models" dlib_face_recognition_resnet_model_v1.dat shape_predictor_5_face_landmarks.dat
jars=$(spark_app_jars)
(cd "$submit" && env -u FACEREC_MODELS SPARK_HOME="$ROOT/spark/target/spark-home" SPARK_SCALA_VERSION=2.13 \
  java @"$ROOT/spark/jvm.options" -cp "$ROOT/spark/target/spark-home/jars/*" org.apache.spark.deploy.SparkSubmit \
    --class facerec.spark.RecognizeArchive --master "$url" \
    --jars "$jars" --files encodings.json --archives models.tgz#models \
    "$ROOT/spark/target/facerec-spark.jar" --encodings encodings.json --models models --quiet \
    --output-dir "$work/submitted" "${inputs[@]}" > "$work/submit.lines" 2> "$work/submit.err") \
  && die "spark-submit should exit 1 (one input is broken)"
grep -q "facerec: 1 of 3 inputs failed" "$work/submit.err" || { tail -20 "$work/submit.err" >&2; die "no failure line"; }
check "$work/submitted" "$work/submit.lines"

exits() { cat "$FACEREC_CLUSTER_DIR"/worker-*.log | grep -c "Command exited with code 137" || true; }
# executors: the PIDs of this cluster's executor JVMs (they run in its workers' folders)
executors() {
  for p in $(pgrep -f CoarseGrainedExecutorBackend || true); do
    case "$(readlink "/proc/$p/cwd" 2>/dev/null)" in "$FACEREC_CLUSTER_DIR"/*) echo "$p" ;; esac
  done
}
# kill_when DIR WHAT: kill -9 an executor JVM of this cluster as soon as one is up (early), or the
# one whose temporary video is in DIR (video), or every one once the table's commit has begun in
# DIR (table: Spark's _temporary folder of either table is there), and print the PIDs
kill_when() {
  local dir=$1 what=$2 pid=""
  for _ in $(seq 9000); do
    if [ "$what" = early ]; then
      pid=$(executors | sed -n 1p)
    elif [ "$what" = table ]; then
      if [ -d "$dir/appearances.parquet/_temporary" ] || [ -d "$dir/appearances.jsonl/_temporary" ]; then
        pid=$(executors | paste -sd' ')
      fi
    else
      # A temporary's name holds its writer's PID: .NAME.PID-START.RANDOM.partial.avi
      pid=$(ls -a "$dir" 2>/dev/null | sed -n 's/^\..*\.avi\.\([0-9]*\)-[0-9]*\..*\.partial\.avi$/\1/p' | head -1)
    fi
    [ -n "$pid" ] && break
    sleep 0.02
  done
  [ -n "$pid" ] || die "no executor to kill ($what)"
  # shellcheck disable=SC2086 # one PID, or every executor's for the table
  kill -9 $pid
  echo "$pid"
}

for point in early video table; do
  log "3. an executor killed: $point"
  out="$work/killed-$point"
  before=$(exits)
  "$ROOT/scripts/facerec-spark" --master "$url" --quiet --encodings "$store" --output-dir "$out" "${inputs[@]}" \
    > "$work/$point.lines" 2> "$work/$point.err" &
  job=$!
  killed=$(kill_when "$out" "$point")
  wait "$job" && die "the job should exit 1 (one input is broken)"
  grep -q "facerec: 1 of 3 inputs failed" "$work/$point.err" || { tail -n 20 "$work/$point.err" >&2; die "the job did not complete"; }
  # The worker saw its executor die by the signal (128 + 9), and launched another.
  [ "$(exits)" -gt "$before" ] || die "no worker saw the executor $killed die"
  if [ "$point" = video ]; then
    grep -q "Lost executor .*code 137" "$work/$point.err" || { tail -n 20 "$work/$point.err" >&2; die "the driver never lost $killed"; }
  fi
  echo "  killed executor pid $killed; the job completed on the executors left and those the workers started again"
  check "$out" "$work/$point.lines"
done
log "4. both workers killed for good while the job runs"
out="$work/workers-gone"
"$ROOT/scripts/facerec-spark" --master "$url" --quiet --executor-wait 20 --encodings "$store" --output-dir "$out" \
  "${inputs[@]}" > "$work/gone.lines" 2> "$work/gone.err" &
job=$!
kill_when "$out" early > /dev/null
for w in "$FACEREC_CLUSTER_DIR"/worker-*.pid; do kill -9 "$(cat "$w")"; done
for p in $(executors); do kill -9 "$p"; done
killed_at=$(date +%s.%N)
# The wait, Spark noticing the executors gone (at once: their connections drop), and a margin.
for _ in $(seq 600); do kill -0 "$job" 2>/dev/null || break; sleep 0.1; done
kill -0 "$job" 2>/dev/null && { kill -9 "$job"; die "the job still ran 60 s after its workers were killed"; }
wait "$job" && die "the job should exit 1 without workers"
took=$(echo "$(date +%s.%N) - $killed_at" | bc -l)
grep -q "^facerec: no executor for 20 s: the cluster at $url has no worker left" "$work/gone.err" \
  || { tail -n 20 "$work/gone.err" >&2; die "no line saying why the job ended"; }
python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
names = os.listdir(out) if os.path.isdir(out) else []
left = [f for f in names if f.startswith(".")]
assert not left, "temporary files left: %s" % left
for f in names:
    if f.endswith(".json"):
        r = json.load(open(os.path.join(out, f)))
        assert r["complete"] and len(r["frames"]) == r["frameCount"], f + " is not whole"
print("  %d reports written before the workers went, each whole; no temporary left" % sum(f.endswith(".json") for f in names))
PY
printf '  ended %.1f s after the kill, exit 1: %s\n' "$took" "$(grep '^facerec: no executor' "$work/gone.err" | cut -c1-90)..."
log "the cluster job passed"
