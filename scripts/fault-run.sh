#!/usr/bin/env bash
# A fault run: the built tool against hostile and clumsy uses, each case with files that must
# survive it (inputs, a store, the outputs of an earlier run, a file a planted link points to).
# Prints per case the exit code, whether every such file is intact, how many temporary files
# are left after it, for the cases that send a signal the seconds from the signal to the exit, and
# how it ended: a crash (a signal, an exit code other than 0, 1 or 2, or an hs_err file), a hang
# (still running after 5 minutes), a stack trace or more than one line on stderr.
# Then the totals. Root is needed for nothing here.
# Usage: scripts/fault-run.sh   (FACEREC_CP=CLASSPATH runs another build)
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/fetch-testdata.sh"
"$ROOT/scripts/setup.sh"
work=$(mktemp -d); server=; trap 'rm -rf "$work"; [ -z "$server" ] || kill $server 2>/dev/null' EXIT
cd "$work"
# FACEREC_CP runs another build (a baseline) than this tree's.
cp=${FACEREC_CP:-"$(product_cp)"}
facerec() { java -Xmx256m -cp "$cp" facerec.cli.Main "$@"; }
export FACEREC_MODELS=$ROOT/models
mkdir -p data/obama data/biden
cp "$ROOT/testdata/images/obama.jpg" data/obama/; cp "$ROOT/testdata/images/biden.jpg" data/biden/
facerec encode --dataset data --encodings s.json >/dev/null
java -cp "$(testkit_cp)" facerec.synth.DemoMain loop \
  "$(ls "$ROOT"/testdata/realclips/cap13_edit2.mp4 2>/dev/null || echo "$ROOT/input/demo.mp4")" 1 clip.avi 2>/dev/null \
  || die "no clip to run on: run scripts/fetch-realclips.sh or scripts/demo.sh"
cp clip.avi pristine.avi; cp s.json pristine.json
mkdir -p prev; echo "an earlier video" > prev/o.avi; echo "an earlier report" > prev/o.json
echo "someone else's file" > victim
cases=0; lost=0; crashes=0; hangs=0; traces=0; lines=0; left=0
# check NAME FILES...: every file is as it was before the case ran, and no temporary file is left.
# snapshot FILES...: each case starts from the pristine clip and store, whatever the last one did.
snapshot() { cp -f pristine.avi clip.avi; cp -f pristine.json s.json; sha256sum "$@" > "$work/.sums"; }
# check NAME CODE [SECONDS]: SECONDS from a signal to the exit, for the cases that send one.
check() {
  local name=$1 code=$2 seconds=${3:--} bad="" how=""
  if [ "$code" = killed ]; then :
  elif [ "$code" = 124 ]; then hangs=$((hangs + 1)); how="HANG"
  elif [ "$code" -gt 2 ] || ls "$work"/hs_err* "$work"/*/hs_err* >/dev/null 2>&1; then crashes=$((crashes + 1)); how="CRASH"; rm -f "$work"/hs_err* "$work"/*/hs_err*
  elif grep -qE '^\s+at |Exception in thread|^Caused by' "$work/.err"; then traces=$((traces + 1)); how="STACK TRACE"
  elif [ "$(grep -c . "$work/.err")" -gt 1 ]; then lines=$((lines + 1)); how="$(grep -c . "$work/.err") LINES ON STDERR"; fi
  sha256sum --quiet -c "$work/.sums" >/dev/null 2>&1 || bad=$(sha256sum -c "$work/.sums" 2>/dev/null | grep -v ': OK$' | cut -d: -f1 | tr '\n' ' ' || true)
  stray=$(find "$work" -name '*.partial.*' -o -name '*.tmp' -o -name '*.frames' -o -name '.unknown.*' | grep -v planted || true)
  cases=$((cases + 1)); n=$(echo $bad | wc -w); lost=$((lost + n)); m=$(echo $stray | wc -w)
  # A SIGKILL's leftovers are the point of its case: the next case shows that a run removes them.
  [ "$code" = killed ] || left=$((left + m))
  printf '%-58s exit %s  %-14s temporaries left %s  signal to exit %s s%s\n' "$name" "$code" \
    "$([ -z "$bad" ] && echo "nothing lost" || echo "LOST: $bad")" "$m" "$seconds" "${how:+  $how}"
  [ -z "$stray" ] || echo "  left: $stray"
}
# signalled NAME SIGNAL WAIT CMD...: runs CMD, sends SIGNAL after WAIT seconds, and checks it
# with the seconds it took to exit after the signal.
signalled() {
  local name=$1 sig=$2 after=$3; shift 3
  [ "$1" = facerec ] && { shift; set -- java -Xmx256m -cp "$cp" facerec.cli.Main "$@"; }
  set +e; "$@" >/dev/null 2>"$work/.err" & local p=$!
  sleep "$after"; local t0=$(date +%s.%N); kill -"$sig" $p; { wait $p; } 2>/dev/null; local c=$?; set -e
  # SIGKILL's own status: the point of the case is what it leaves behind.
  [ "$sig" = KILL ] && [ $c = 137 ] && c=killed
  check "$name" $c "$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc -l)")"
}
: > "$work/.err"
run() {
  local name=$1; shift
  [ "$1" = facerec ] && { shift; set -- java -Xmx256m -cp "$cp" facerec.cli.Main "$@"; }
  set +e; timeout 300 "$@" >/dev/null 2>"$work/.err"; local c=$?; set -e; check "$name" $c
}

snapshot clip.avi s.json; run "--report is the input" facerec recognize --encodings s.json --input clip.avi --report clip.avi
snapshot clip.avi; run "--output is the input, spelt ./x/../" facerec recognize --encodings s.json --input clip.avi --output ./data/../clip.avi
ln -sf s.json link.json; snapshot s.json; run "--report is a link to the store" facerec recognize --encodings s.json --input clip.avi --report link.json
snapshot prev/o.avi; run "--report is --output" facerec recognize --encodings s.json --input clip.avi --output prev/o.avi --report prev/o.avi
snapshot data/obama/obama.jpg; run "encode --encodings is a photo of the dataset" facerec encode --dataset data --encodings data/obama/obama.jpg
mkdir -p batch; cp clip.avi batch/clip.avi; snapshot batch/clip.avi; run "batch: an input where its output goes" facerec recognize --encodings s.json --output-dir batch batch/clip.avi
mkdir -p a b; cp clip.avi a/c.avi; cp clip.avi b/c.avi; snapshot a/c.avi b/c.avi
: > "$work/.err"; set +e; facerec recognize --encodings s.json --output-dir out a/c.avi b/c.avi > lines.json 2>/dev/null; c=$?; set -e
[ "$(python3 -c "import json; print(len({json.loads(l).get('report') for l in open('lines.json')}))" 2>/dev/null)" = 2 ] \
  || echo "the first input's outputs were replaced by the second's" >> a/c.avi
check "batch: two inputs of one name" $c
mkdir -p planted; ln -sf ../victim planted/.o.avi.partial.avi; ln -sf ../victim planted/.o.json.tmp; snapshot victim
run "links planted at the old temporary names" facerec recognize --encodings s.json --input clip.avi --output planted/o.avi --report planted/o.json
mkdir -p broken; for m in "$ROOT"/models/*.dat; do ln -sf "$m" broken/; done
rm broken/shape_predictor_5_face_landmarks.dat; head -c 1000000 "$ROOT/models/shape_predictor_5_face_landmarks.dat" > broken/shape_predictor_5_face_landmarks.dat
snapshot prev/o.avi prev/o.json; run "a truncated model, earlier outputs in place" facerec recognize --models broken --encodings s.json --input clip.avi --output prev/o.avi --report prev/o.json
snapshot prev/o.avi; run "a file-size limit (a full disk) under the video" bash -c "ulimit -f 200; java -Xmx256m -cp '$cp' facerec.cli.Main recognize --encodings s.json --input clip.avi --output prev/o.avi --report prev/r2.json"
[ -s prev/r2.json ] || echo "  (the report was not written)"
echo "an earlier video" > prev/o.mp4; snapshot prev/o.mp4
run "a file-size limit (a full disk) under an MP4" bash -c "ulimit -f 60; java -Xmx256m -cp '$cp' facerec.cli.Main recognize --encodings s.json --input clip.avi --output prev/o.mp4"
mkdir -p nofaces/cat; head -c 5000 /dev/urandom > nofaces/cat/cat.jpg; snapshot s.json; run "encode finds no face, a store in place" facerec encode --dataset nofaces --encodings s.json
head -c 100000 /dev/urandom > corrupt.mp4; snapshot prev/o.avi prev/o.json; run "a corrupt input, earlier outputs in place" facerec recognize --encodings s.json --input corrupt.mp4 --output prev/o.avi --report prev/o.json
snapshot s.json clip.avi; : > "$work/.err"; set +e
facerec recognize --encodings s.json --input clip.avi --output same.avi --quiet >/dev/null 2>&1 & p1=$!
facerec recognize --encodings s.json --input clip.avi --output same.avi --quiet >/dev/null 2>&1; c=$?; wait $p1; set -e
facerec recognize --encodings s.json --input clip.avi --output same2.avi >/dev/null 2>&1 || true
cmp -s same.avi same2.avi || echo "the output is neither run's" >> clip.avi
check "two runs writing one --output at once" $c
# Inputs that asked too much of memory (issue 9): each is refused or skipped, in one line.
mkdir -p bomb/big; python3 - bomb/big/bomb.png <<'PY'
import struct, sys, zlib
w = h = 30000  # 900 megapixels of 1-bit grey: 110 MB inflated, 110 KB on disk
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
raw = zlib.compressobj(9)
data = b"".join(raw.compress(b"\0" * (w // 8 + 1)) for _ in range(h)) + raw.flush()
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0))
                              + chunk(b"IDAT", data) + chunk(b"IEND", b""))
PY
cp "$ROOT/testdata/images/obama.jpg" bomb/big/; snapshot s.json; run "a decompression-bomb PNG in the dataset" facerec encode --dataset bomb --encodings s2.json
snapshot s.json; run "--upsample 8 on a photo" facerec encode --dataset data --encodings s3.json --upsample 8
snapshot s.json; run "--threads 64" facerec recognize --encodings s.json --input clip.avi --threads 64
sed 's/"landmarks" : 5/"landmarks" : 7/' s.json > s7.json; snapshot s7.json; run "a store with landmarks 7" facerec recognize --encodings s7.json --input clip.avi
head -c 3000 s.json > cut.json; snapshot cut.json; run "a store cut short" facerec recognize --encodings cut.json --input clip.avi
# The people outputs (issue 11): a page or sheet that is an input or the report, folders where a file is, a link planted at a folder's name.
snapshot clip.avi; run "--html is the input" facerec recognize --encodings s.json --input clip.avi --html clip.avi
snapshot prev/o.json; run "--sheet is --report" facerec recognize --encodings s.json --input clip.avi --report prev/o.json --sheet prev/o.json
snapshot s.json; run "--unknowns is the store" facerec recognize --encodings s.json --input clip.avi --unknowns s.json
mkdir -p victimdir unk; echo "theirs" > victimdir/keep; ln -sfn ../victimdir unk/unknown-001; snapshot victimdir/keep
run "--unknowns with a link planted at unknown-001" facerec recognize --encodings s.json --input clip.avi --unknowns unk --html unk/page.html
[ -z "$(ls -A victimdir | grep -v '^keep$')" ] || echo "something was written through the link" >> victimdir/keep
# A file: URL names a file FFmpeg reads as well as a path does: a batch whose report would be it is refused.
mkdir -p urlin; cp clip.avi urlin/clip.json; snapshot urlin/clip.json
run "batch: a file: URL input where its report goes" facerec recognize --encodings s.json --output-dir urlin "file://$work/urlin/clip.json"
# Round 3 (issue 21): stalled streams, signals, leftovers, two encodes, links back into the dataset.
# A server that accepts and never answers, and one that sends the start of a real WebM and stalls.
apt_ensure bc
python3 - "$ROOT/testdata/realclips/cap13_edit2.webm" > "$work/ports" 2>/dev/null <<'PY' & server=$!
import socket, sys, threading, time
body = open(sys.argv[1], "rb").read()
def serve(c, stall):
    if not stall:
        c.recv(65536)
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:len(body) // 8])
    time.sleep(3600)
socks = []
for stall in (True, False):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16); socks.append((s, stall))
print(" ".join(str(s.getsockname()[1]) for s, _ in socks), flush=True)
def accept(s, stall):
    while True:
        c, _ = s.accept(); threading.Thread(target=serve, args=(c, stall), daemon=True).start()
for s, stall in socks:
    threading.Thread(target=accept, args=(s, stall), daemon=True).start()
time.sleep(3600)
PY
for _ in $(seq 50); do [ -s "$work/ports" ] && break; sleep 0.1; done
read -r silent midway < "$work/ports"
snapshot s.json; run "a server that never answers, --timeout 2" facerec recognize --encodings s.json --timeout 2 --input "http://127.0.0.1:$silent/x.mp4"
snapshot s.json; run "a stream that stalls midway, --timeout 2" facerec recognize --encodings s.json --timeout 2 --input "http://127.0.0.1:$midway/x.webm" --report stalled.json
[ -s stalled.json ] || echo "  (the stalled stream's report was not written)"
# A background job of a script ignores SIGINT (as a shell sets it up): SIGTERM stands for Ctrl-C,
# and takes the same path through facerec.
snapshot s.json; signalled "SIGTERM while a server never answers" TERM 5 facerec recognize --encodings s.json --input "http://127.0.0.1:$silent/y.mp4"
snapshot s.json; signalled "SIGTERM while a stream stalls (--timeout 30)" TERM 10 facerec recognize --encodings s.json --input "http://127.0.0.1:$midway/y.webm" --report stalled2.json
mkdir -p killed; snapshot s.json; signalled "SIGTERM during a run" TERM 4 facerec recognize --encodings s.json --input clip.avi --output killed/o.avi --report killed/o.json
snapshot s.json; signalled "SIGKILL during a run (its temporaries stay)" KILL 4 facerec recognize --encodings s.json --input clip.avi --output killed/o.avi --report killed/o.json
snapshot s.json; run "the next run of those outputs removes them" facerec recognize --encodings s.json --input clip.avi --output killed/o.avi --report killed/o.json
mkdir -p many/obama; for i in $(seq 40); do cp "$ROOT/testdata/images/obama.jpg" many/obama/$i.jpg; done
snapshot s.json; signalled "SIGTERM during encode, a store in place" TERM 6 facerec encode --dataset many --encodings s.json --threads 1
snapshot s.json; : > "$work/.err"; set +e
facerec encode --dataset many --encodings two.json --threads 1 >/dev/null 2>&1 & p1=$!; sleep 4
facerec encode --dataset data --encodings two.json >/dev/null 2>"$work/.err"; c=$?; wait $p1; set -e
[ "$(grep -c '"name" : "obama"' two.json 2>/dev/null)" = 40 ] || echo "the first encode's store was replaced by the second's" >> s.json
check "two encodes of one store at once (the second)" $c
ln -sfn "$work/data" data/all; snapshot s.json; run "encode a dataset with a link back to itself" facerec encode --dataset data --encodings s4.json
grep -q '"name" : "all"' s4.json && echo "everyone was enrolled again as all" >> s.json; rm -f data/all
# Round 3, tampered stores (items 2, 5, 6 and 7): each is refused in one line, naming the face.
python3 - s.json <<'PY'
import json, sys
text = open(sys.argv[1]).read(); store = json.loads(text)
def save(name, s): open(name, "w").write(s if isinstance(s, str) else json.dumps(s, indent=1))
def named(n):
    s = json.loads(text); s["faces"][0]["name"] = n; return s
save("surrogate.json", text.replace('"name" : "obama"', '"name" : "\\ud800x"', 1))
save("longname.json", named("x" * 30000))
save("trailing.json", text + "\n{}")
save("duplicate.json", text.replace('"name" : "obama"', '"name" : "obama", "name" : "biden"', 1))
huge = json.loads(text); huge["faces"][0]["embedding"] = [1e308] * 128; save("huge.json", huge)
zero = json.loads(text); zero["faces"][0]["embedding"] = [0.0] * 128; save("zero.json", zero)
save("unknown.json", named("Unknown"))
PY
for t in surrogate longname trailing duplicate huge zero unknown; do
  snapshot s.json; run "a tampered store: $t" facerec recognize --encodings $t.json --input clip.avi --report tampered.json
done
mkdir -p reserved/Unknown; cp "$ROOT/testdata/images/obama.jpg" reserved/Unknown/
snapshot s.json; run "encode a dataset with a folder named Unknown" facerec encode --dataset reserved --encodings s5.json
# Round 3, resources and names (items 10 and 11): impossible shapes, a padded photo, raw-byte names.
python3 - <<'PY'
# 5 frames of 2x100000 (YUV4MPEG2, which FFmpeg reads at any size), for the cut finder's thumbnail and the writers.
w, h = 2, 100000
with open("tall.y4m", "wb") as f:
    f.write(b"YUV4MPEG2 W%d H%d F25:1 Ip A1:1 C420jpeg\n" % (w, h))
    for i in range(5):
        f.write(b"FRAME\n" + bytes([16 + 40 * i]) * (w * h) + b"\x80" * (2 * (w // 2 or 1) * (h // 2)))
# An MJPEG of one real photo whose frame header claims 60000x60000.
jpeg = bytearray(open("data/obama/obama.jpg", "rb").read())
sof = 2  # walk the segments: an EXIF thumbnail has a frame header of its own
while not 0xc0 <= jpeg[sof + 1] <= 0xc2:
    sof += 2 + int.from_bytes(jpeg[sof + 2:sof + 4], "big")
jpeg[sof + 5:sof + 9] = (60000).to_bytes(2, "big") * 2
open("huge.mjpeg", "wb").write(bytes(jpeg) * 3)
PY
for out in tall.mp4 tall.avi; do
  snapshot s.json; run "a 2x100000 video, --output $out" facerec recognize --encodings s.json --input tall.y4m --output $out --report tall-$out.json
  [ -s tall-$out.json ] || echo "  (the report of the 2x100000 video was not written)"
done
snapshot s.json; run "an MJPEG whose frames claim 60000x60000" facerec recognize --encodings s.json --input huge.mjpeg
mkdir -p padded/obama; cp data/obama/obama.jpg padded/obama/; cp data/obama/obama.jpg padded/obama/padded.jpg; truncate -s 800M padded/obama/padded.jpg
snapshot s.json; run "a photo padded to 800 MB in the dataset" facerec encode --dataset padded --encodings s6.json
mkdir -p raw/obama "rawdir/$(printf 'jos\351')"; cp data/obama/obama.jpg "raw/obama/$(printf 'b\351.jpg')"; cp data/biden/biden.jpg "rawdir/$(printf 'jos\351')/"
snapshot s.json; run "a photo's name that is not UTF-8" facerec encode --dataset raw --encodings s7.json
grep -q '"name" : "obama"' s7.json 2>/dev/null || echo "  (the photo of a raw-byte name was not encoded)"
snapshot s.json; run "a person's folder name that is not UTF-8" facerec encode --dataset rawdir --encodings s8.json
echo "fault run: $cases cases tried, $lost files lost, $crashes crashes, $hangs hangs, $traces stack traces, $lines messages of more than one line, $left temporary files left"
