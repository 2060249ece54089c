#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, from the Spark job's own Maven artifacts (no
# Spark distribution, no download, no root):
#   scripts/spark-standalone.sh start [--workers N] [--memory MB]
#     a master and N workers (default 2), each in its own JVM with one core and MB of memory
#     for executors (default 1536); prints the master's spark:// URL on stdout once every
#     worker is registered.
#   scripts/spark-standalone.sh stop
#     ends exactly the JVMs that start started, by the PIDs it recorded.
# Spark's launcher builds an executor's class path from $SPARK_HOME/jars: here SPARK_HOME is a
# folder of links to the module's dependencies (spark/target/spark-home). Logs, PIDs and the
# workers' folders are in $FACEREC_CLUSTER_DIR (default spark/target/cluster).
source "$(dirname "$0")/lib.sh"

cluster=${FACEREC_CLUSTER_DIR:-$ROOT/spark/target/cluster}
home="$ROOT/spark/target/spark-home"

stop() {
  [ -d "$cluster" ] || return 0
  for pidfile in "$cluster"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    # Only a JVM this script started: its command line names this cluster's folder.
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "-Dfacerec.cluster=$cluster"; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  stop) stop; exit 0 ;;
  start) shift ;;
  *) die "usage: scripts/spark-standalone.sh start [--workers N] [--memory MB] | stop" ;;
esac
workers=2; memory=1536
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) workers=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    *) die "spark-standalone.sh: unknown option $1" ;;
  esac
done

jar="$ROOT/spark/target/facerec-spark.jar"
if [ ! -f "$jar" ] || [ ! -f "$ROOT/spark/target/classpath.txt" ]; then
  "$ROOT/scripts/facerec-spark" --help >/dev/null
fi
# Spark's jars only: facerec's own and the natives it brings (JavaCV's) are the application's,
# shipped with it by spark-submit --jars (or scripts/facerec-spark), as on any cluster.
rm -rf "$home"; mkdir -p "$home/jars"
tr ':' '\n' < "$ROOT/spark/target/classpath.txt" | grep -v -E "$APP_JARS|/target/" \
  | while read -r j; do
  [ -n "$j" ] && ln -sf "$j" "$home/jars/$(basename "$j")"
done

stop
mkdir -p "$cluster"
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13
# Free ports, so that two clusters or a busy port do not collide.
read -r port ui < <(python3 -c "
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(('127.0.0.1', 0))
print(*[x.getsockname()[1] for x in s])")
jvm=(java @"$ROOT/spark/jvm.options" -Xmx512m "-Dfacerec.cluster=$cluster" -cp "$home/jars/*")
"${jvm[@]}" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$ui" \
  > "$cluster/master.log" 2>&1 &
echo $! > "$cluster/master.pid"
url="spark://127.0.0.1:$port"
for i in $(seq "$workers"); do
  mkdir -p "$cluster/worker-$i"
  "${jvm[@]}" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory "${memory}m" \
    --work-dir "$cluster/worker-$i" --webui-port 0 "$url" > "$cluster/worker-$i.log" 2>&1 &
  echo $! > "$cluster/worker-$i.pid"
done
echo "$ui" > "$cluster/master.webui"
# Ready when the master's status page counts every worker alive.
for _ in $(seq 120); do
  alive=$(python3 -c "
import json, urllib.request
try: print(json.load(urllib.request.urlopen('http://127.0.0.1:$ui/json/', timeout=2))['aliveworkers'])
except Exception: print(0)")
  [ "$alive" -ge "$workers" ] && { echo "$url"; exit 0; }
  sleep 0.5
done
stop
die "the cluster did not come up in 60 s: see $cluster/*.log"
