#!/usr/bin/env bash
# Test and demo media, from package registries into testdata/images/ (git-ignored):
# the photos of face_recognition 1.3.0's own test suite (tests/test_images/ of its PyPI
# source distribution), and a stranger: demo/sample2.jpg of npm's @vladmandic/face-api
# 1.7.15, one face of someone who is neither Obama nor Biden.
source "$(dirname "$0")/lib.sh"

dest=${1:-$ROOT/testdata/images}
[ -f "$dest/.complete-v2" ] && exit 0
mkdir -p "$dest"
tar xzf "$(pypi_sdist face_recognition 1.3.0)" -C "$dest" --strip-components=3 --wildcards '*/tests/test_images/*'
tar xzf "$(npm_tarball @vladmandic/face-api 1.7.15)" -O package/demo/sample2.jpg > "$dest/.stranger.jpg"
mv "$dest/.stranger.jpg" "$dest/stranger.jpg"
touch "$dest/.complete-v2"
log "test photos in $dest"
