#!/usr/bin/env bash
# The tests whose numbers depend on OpenBLAS's order of sums (JUnit tag "blas": the CNN
# detector's and the encoder's numbers against dlib's own, encode's boxes, tracking and naming
# on real footage) under the kernel facerec runs by itself ("auto") and each OpenBLAS kernel that
# this CPU runs (lib.sh's blas_kernels), or under the kernels named.
# Each kernel sums in its own order (OPENBLAS_CORETYPE picks one), so a test that pinned the
# last bits of a number would pass under one and fail under another. With --all, every test.
# Prints one line per kernel, and exits 1 if any kernel failed.
# Usage: scripts/test-kernels.sh [--all] [KERNEL...]     (KERNEL: auto, Haswell, SkylakeX, ...)
source "$(dirname "$0")/lib.sh"

groups=(-Dgroups=blas)
if [ "${1:-}" = --all ]; then groups=(); shift; fi
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || mapfile -t kernels < <(echo auto; blas_kernels)
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/fetch-testdata.sh"
"$ROOT/scripts/fetch-realclips.sh"
cd "$ROOT"
results=(); failed=0
for kernel in "${kernels[@]}"; do
  log "tests under the OpenBLAS kernel $kernel"
  core=(-u OPENBLAS_CORETYPE); [ "$kernel" = auto ] || core=(OPENBLAS_CORETYPE="$kernel")
  out=$(mktemp)
  start=$SECONDS
  if env "${core[@]}" mvn -B -Ddlib.home="$DLIB_HOME" -Djavacpp.skip=true "${groups[@]}" test >"$out" 2>&1; then
    status=passed
  else
    status=FAILED; failed=1
    grep -E '^\[ERROR\] ' "$out" | head -20 >&2
  fi
  ran=$(grep -o 'OpenBLAS kernel [A-Za-z0-9]*' "$out" | head -1 | cut -d' ' -f3)
  # Each module prints its own total (the line without "elapsed"): their sum.
  tests=$(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run:' "$out" | grep -v elapsed | awk -F'[:,] *' \
    '{for (i = 1; i < NF; i += 2) n[i] += $(i + 1); names = NF} END {for (i = 1; i < names; i += 2) \
      printf "%s%s: %d", (i > 1 ? ", " : ""), $i, n[i]}' | sed -E 's/^\[[A-Z]+\] //')
  results+=("$kernel (ran ${ran:-?}): $status, $tests, $((SECONDS - start)) s")
  rm -f "$out"
done
printf '%s\n' "${results[@]}"
exit $failed
