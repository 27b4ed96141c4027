#!/usr/bin/env bash
# Start-up benchmark: launches the packaged JAR N times and reports, per run, the milliseconds from launch until
# /actuator/health/readiness answers UP, and the resident set size at that moment; then the medians.
# Usage: bench/startup.sh [embedded|postgres] [runs]   (build first: ./mvnw package -DskipTests)
# SPLIT_MODULES=search measures one deployment of a split (the modules it runs; its peers' addresses point nowhere).
# With AOT=1 it measures the production launch instead: the JAR extracted (java -Djarmode=tools ... extract) and
# started with a JDK AOT cache made by a training run that stops after the context refresh (JDK 25+).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-embedded}
runs=${2:-5}
port=${PORT:-18080}
jar=$(ls target/yuelv-*.jar | grep -v original | head -n 1)
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
data=$(mktemp -d)
args=(--server.port="$port" --yuelv.data-dir="$data")
if [ -n "${SPLIT_MODULES:-}" ]; then
  args+=(--yuelv.split.modules="$SPLIT_MODULES")
  for module in trip identity; do args+=(--yuelv.split.peers.$module=http://localhost:9); done
fi
if [ "$mode" = postgres ]; then
  psql -h localhost -U postgres -qc 'drop database if exists yuelv_bench with (force)' -c 'create database yuelv_bench'
  args+=(--spring.profiles.active=postgres --spring.datasource.url=jdbc:postgresql://localhost:5432/yuelv_bench)
fi
launch=(-jar "$jar")
if [ "${AOT:-0}" = 1 ]; then
  rm -rf target/extracted
  "$java" -Djarmode=tools -jar "$jar" extract --destination target/extracted > /dev/null
  jar=target/extracted/$(basename "$jar")
  "$java" -XX:AOTCacheOutput=target/extracted/app.aot -Dspring.context.exit=onRefresh -jar "$jar" \
    "${args[@]}" > "$data/training.log" 2>&1
  launch=(-XX:AOTCache=target/extracted/app.aot -jar "$jar")
fi
times=(); rss=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  "$java" "${launch[@]}" "${args[@]}" > "$data/run-$i.log" 2>&1 &
  pid=$!
  until curl -sf "http://localhost:$port/actuator/health/readiness" 2>/dev/null | grep -q UP; do
    kill -0 "$pid" 2>/dev/null || { echo "run $i died, see $data/run-$i.log"; exit 1; }
    sleep 0.05
  done
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
  rss+=($(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status"))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "run $i: ${times[-1]} ms to readiness, RSS ${rss[-1]} MiB"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "$mode${AOT:+ (AOT=$AOT)}: median $(median "${times[@]}") ms to readiness, median RSS $(median "${rss[@]}") MiB over $runs runs ($(du -h "$jar" | cut -f1) JAR)"
rm -rf "$data"
