#!/usr/bin/env bash
# Builds dlib from PyPI's source distribution into a static, position-independent library
# ($DLIB_HOME/lib/libdlib.a + headers) that the JavaCPP binding links into its JNI library.
# Why not Debian's libdlib-dev: its shared library drags the system OpenBLAS into a JVM where
# JavaCV has loaded its own (SIGSEGV), its libdlib.a is not PIC, and it is built without AVX.
source "$(dirname "$0")/lib.sh"

[ -f "$DLIB_HOME/lib/libdlib.a" ] && [ -f "$DLIB_HOME/.complete" ] && exit 0
apt_ensure g++ cmake make libopenblas-dev libgfortran5
sdist=$(pypi_sdist dlib "$DLIB_VERSION")
src="$CACHE/build/dlib-$DLIB_VERSION"
rm -rf "$src" "$DLIB_HOME"; mkdir -p "$CACHE/build"
tar xzf "$sdist" -C "$CACHE/build"
log "building dlib $DLIB_VERSION (static, PIC, AVX2; a few minutes the first time)"
# BLAS/LAPACK on: dlib's DNN convolutions and its matrix code then go through OpenBLAS, which
# the binding links statically with hidden symbols. Image codecs, GUI and CUDA off: JavaCV
# decodes images and video, and nothing here has a display or a GPU.
cmake -S "$src/dlib" -B "$src/build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX="$DLIB_HOME" -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DBUILD_SHARED_LIBS=OFF \
  -DCMAKE_CXX_FLAGS="-O3 -mavx2 -mfma" -DUSE_AVX_INSTRUCTIONS=ON \
  -DDLIB_NO_GUI_SUPPORT=ON -DDLIB_USE_CUDA=OFF -DDLIB_USE_BLAS=ON -DDLIB_USE_LAPACK=ON \
  -DDLIB_JPEG_SUPPORT=OFF -DDLIB_PNG_SUPPORT=OFF -DDLIB_GIF_SUPPORT=OFF -DDLIB_WEBP_SUPPORT=OFF \
  -DDLIB_JXL_SUPPORT=OFF -DDLIB_USE_FFMPEG=OFF -DDLIB_LINK_WITH_SQLITE3=OFF -DDLIB_USE_MKL_FFT=OFF \
  >"$src/cmake.log" 2>&1 || die "dlib cmake failed: see $src/cmake.log"
grep -q "DLIB_USE_BLAS" "$src/build/dlib/config.h" 2>/dev/null || grep -rq "define DLIB_USE_BLAS" "$src/build" \
  || die "dlib did not find OpenBLAS: see $src/cmake.log"
cmake --build "$src/build" -j "$(nproc)" >"$src/build.log" 2>&1 || die "dlib build failed: see $src/build.log"
cmake --install "$src/build" >/dev/null
touch "$DLIB_HOME/.complete"
rm -rf "$src"
log "dlib installed in $DLIB_HOME"
