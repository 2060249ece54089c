#!/usr/bin/env bash
# Installs what is missing (Debian packages, dlib built from PyPI's source), fetches dlib's
# models, and builds the tool. Idempotent: fast the second time.
source "$(dirname "$0")/lib.sh"

command -v javac >/dev/null && command -v mvn >/dev/null || apt_ensure openjdk-17-jdk-headless maven
python3 -m pip --version >/dev/null 2>&1 || apt_ensure python3-pip
apt_ensure g++ cmake make libopenblas-dev libgfortran5
# JavaCV's FFmpeg (its avdevice, and the ffmpeg program that muxes subtitle tracks) links PulseAudio.
apt_ensure libpulse0
"$ROOT/scripts/build-dlib.sh"
"$ROOT/scripts/fetch-models.sh"
cd "$ROOT"
# Rebuild only when a source is newer than the last build: the native part alone takes a minute.
# The modules' jars are what the scripts run (lib.sh's product_cp, testkit_cp, bench_cp).
stamp=cli/target/built.stamp
built=true
for jar in cli/target/facerec.jar testkit/target/facerec-testkit.jar bench/target/facerec-bench.jar; do
  [ -f "$jar" ] && [ -f "$(dirname "$jar")/classpath.txt" ] || built=false
done
if ! $built || [ ! -f $stamp ] \
   || [ -n "$(find pom.xml core cli testkit bench -path '*/target' -prune -o -newer $stamp -print -quit)" ]; then
  log "building (mvn package)"
  mvn -B -q -DskipTests -Ddlib.home="$DLIB_HOME" package
  touch $stamp
fi
