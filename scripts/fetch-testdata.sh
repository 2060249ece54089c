#!/usr/bin/env bash
# Places the photos of face_recognition 1.3.0's own test suite (tests/test_images/ of its
# PyPI source distribution) in testdata/images/, for the tests and the benchmarks.
source "$(dirname "$0")/lib.sh"

dest=${1:-$ROOT/testdata/images}
[ -f "$dest/.complete" ] && exit 0
sdist=$(pypi_sdist face_recognition 1.3.0)
mkdir -p "$dest"
tar xzf "$sdist" -C "$dest" --strip-components=3 --wildcards '*/tests/test_images/*'
touch "$dest/.complete"
log "test photos in $dest"
