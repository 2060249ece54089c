#!/usr/bin/env bash
# The README's test command: set-up (what is missing), test media, then every test (mvn verify).
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/fetch-testdata.sh"
cd "$ROOT"
mvn -B -Ddlib.home="$DLIB_HOME" verify
