#!/usr/bin/env bash
# Test and demo media, from package registries into testdata/images/ (git-ignored):
# the photos of face_recognition 1.3.0's own test suite (tests/test_images/ of its PyPI
# source distribution), a stranger: demo/sample2.jpg of npm's @vladmandic/face-api 1.7.15,
# one face of someone who is neither Obama nor Biden, and that package's group photos
# (demo/sample4.jpg and sample5.jpg, as faceapi-sample4.jpg and faceapi-sample5.jpg: four and
# five people, some faces turned).
source "$(dirname "$0")/lib.sh"

dest=${1:-$ROOT/testdata/images}
[ -f "$dest/.complete-v3" ] && exit 0
mkdir -p "$dest"
tar xzf "$(pypi_sdist face_recognition 1.3.0)" -C "$dest" --strip-components=3 --wildcards '*/tests/test_images/*'
tar xzf "$(npm_tarball @vladmandic/face-api 1.7.15)" -O package/demo/sample2.jpg > "$dest/.stranger.jpg"
mv "$dest/.stranger.jpg" "$dest/stranger.jpg"
for n in 4 5; do
  tar xzf "$(npm_tarball @vladmandic/face-api 1.7.15)" -O package/demo/sample$n.jpg > "$dest/.faceapi-sample$n.jpg"
  mv "$dest/.faceapi-sample$n.jpg" "$dest/faceapi-sample$n.jpg"
done
touch "$dest/.complete-v3"
log "test photos in $dest"
