#!/usr/bin/env bash
# The README's test command: set-up (what is missing), test media, then every test: the CLI's
# (mvn install) and the Spark job's (spark/, mvn verify, in Spark's local mode).
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/fetch-testdata.sh"
"$ROOT/scripts/fetch-realclips.sh"
# The HTML report is checked in a real browser (facerec.testing.Chromium).
apt_ensure chromium
cd "$ROOT"
# setup.sh has just built the JNI library; compiling it again would only cost a minute.
skip=false
[ -f target/classes/facerec/dlib/linux-x86_64/libjniDlib.so ] && skip=true
# install, not only verify: the Spark job (spark/) builds on this jar from the local repository.
mvn -B -Ddlib.home="$DLIB_HOME" -Djavacpp.skip=$skip install
mvn -B -f spark/pom.xml verify
