#!/usr/bin/env bash
# What each deployment of a topology holds in memory, against its container limit in split-config: the resident set
# at readiness and after the end-to-end scenario's runs, then the live heap after a full collection and the memory the
# JVM commits outside the heap (native memory tracking: classes, code, threads, GC structures, buffers).
#
# Usage: bench/split/memory.sh [TOPOLOGY] [RUNS]    (peak-season and 20 by default; needs the plan,
#        ./mvnw -Psplit process-test-classes, and jcmd, curl and python3)
# The deployments run with the heap their topology gives them (deploy/local/<topology>.tsv), on PostgreSQL, Redis and
# RabbitMQ behind the edge, with rate limits off so that the scenario is not refused.
set -euo pipefail
cd "$(dirname "$0")/../.."
topology=${1:-peak-season}
runs=${2:-20}
jcmd=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jcmd
run=$(realpath -m "${YUELV_SPLIT_RUN:-target/split-run}")
work=$(mktemp -d)

cleanup() {
  deploy/local/split.sh stop > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }
mib() { awk -v kb="$1" 'BEGIN {print int(kb / 1024)}'; }

JAVA_TOOL_OPTIONS="-XX:NativeMemoryTracking=summary" YUELV_SPLIT_OBSERVE=0 \
  YUELV_SPLIT_ARGS="--yuelv.rate-limits.enabled=false" deploy/local/split.sh start "$topology" > "$work/start.log"
names=$(grep -v '^#' "deploy/local/$topology.tsv" | awk '{print $1}')
for name in $names; do rss "$(cat "$run/$name.pid")" > "$work/$name.ready"; done

python3 bench/split/scenario.py http://localhost:8080 "$runs" > "$work/scenario.txt"

printf '| deployment | heap (-Xmx) | container limit | RSS at readiness | RSS after %s runs | live heap after a full GC | committed outside the heap |\n' "$runs"
printf '|---|---|---|---|---|---|---|\n'
for name in $names; do
  pid=$(cat "$run/$name.pid")
  after=$(rss "$pid")
  "$jcmd" "$pid" GC.run > /dev/null
  live=$("$jcmd" "$pid" GC.heap_info | grep -o 'used [0-9]*K' | head -n 1 | tr -dc '0-9')
  "$jcmd" "$pid" VM.native_memory summary > "$work/$name.nmt"
  total=$(grep -o '^Total: reserved=[0-9]*KB, committed=[0-9]*KB' "$work/$name.nmt" | sed 's/.*committed=//; s/KB//')
  heap=$(grep -A1 'Java Heap (reserved' "$work/$name.nmt" | grep -o 'committed=[0-9]*KB' | head -n 1 | tr -dc '0-9')
  limit=$(awk -v name="$name" '$1 == "-" && $2 == "name:" && $3 == name {found = 1} found && /limits:/ {print; exit}' \
    "split-config/$topology.yaml" | grep -o 'memory: [0-9A-Za-z]*' | cut -d' ' -f2)
  xmx=$(awk -v name="$name" '$1 == name {print $7}' "deploy/local/$topology.tsv")
  printf '| %s | %s | %s | %s MiB | %s MiB | %s MiB | %s MiB |\n' "$name" "${xmx:--}" "$limit" "$(cat "$work/$name.ready")" \
    "$after" "$(mib "$live")" "$(mib $((total - heap)))"
done
echo
grep -E 'p50|p99' "$work/scenario.txt" || true
