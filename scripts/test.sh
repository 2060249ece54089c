#!/usr/bin/env bash
# The README's test command: set-up (what is missing), test media, then every test: the CLI's
# (mvn install), those whose numbers depend on OpenBLAS's kernel under two more kernels
# (test-kernels.sh), and the Spark job's (spark/, mvn verify, in Spark's local mode).
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/fetch-testdata.sh"
"$ROOT/scripts/fetch-realclips.sh"
# The HTML report is checked in a real browser (facerec.testing.Chromium).
apt_ensure chromium
cd "$ROOT"
# setup.sh has just built the JNI library; compiling it again would only cost a minute.
skip=false
[ -f core/target/classes/facerec/dlib/linux-x86_64/libjniDlib.so ] && skip=true
# install, not only verify: the Spark job (spark/) builds on the product and the test kit from the
# local repository.
mvn -B -Ddlib.home="$DLIB_HOME" -Djavacpp.skip=$skip install
# The tests whose numbers depend on OpenBLAS's order of sums, again under two other kernels than
# the one that ran them (its name is in --version): AVX2's and SSE3's where the CPU has AVX2.
auto=$(scripts/facerec --version | grep -o 'kernel [A-Za-z0-9]*' | cut -d' ' -f2)
mapfile -t others < <(for k in Haswell Prescott SkylakeX Sandybridge; do
  blas_kernels | grep -qx "$k" && [ "$k" != "$auto" ] && echo "$k"; done | head -2)
"$ROOT/scripts/test-kernels.sh" "${others[@]}"
mvn -B -f spark/pom.xml verify
