#!/usr/bin/env bash
# What metrics and traces cost: the cached trip read of the single JAR, with observability as it ships (Prometheus
# registry scraped every 15 s, spans sampled at the default probability and sent to a Zipkin server) against the same
# JAR with observations, tracing and metrics export switched off, in alternating rounds of one run. The read goes
# through the controller and its cache (yuelv.cache.answers.lifetime=0): an answer the replica kept costs less, and the
# observation's share of it is measured by bench/split/cached-read.sh.
#
# Usage: APP_CPUS=0 LOAD_CPUS=1 bench/observability/overhead.sh [ROUNDS]    (build first: ./mvnw package -DskipTests;
#        the Zipkin server jar is target/zipkin/zipkin.jar, copied by ./mvnw test-compile)
# Needs wrk, curl and jq. Each round starts the application afresh, warms it for WARMUP (90 s), then measures
# DURATION (30 s) of wrk -t1 -c32 on one published trip; a table of requests per second, the application's CPU time
# per request (user and system, from /proc, background work included) and latency is printed.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-2}
port=${PORT:-18091}
zipkin_port=${ZIPKIN_PORT:-19411}
warmup=${WARMUP:-90s}
duration=${DURATION:-30s}
source bench/common.sh
jar=$(app_jar)
work=$(mktemp -d)
base="http://127.0.0.1:$port"
app=
zipkin=
scraper=

cleanup() {
  kill $app $zipkin $scraper 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"${load_pin[@]}" "$java" -Xmx512m -jar target/zipkin/zipkin.jar --armeria.ports[0].port="$zipkin_port" \
  --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].protocols[0]=http > "$work/zipkin.log" 2>&1 &
zipkin=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$zipkin_port/health" > /dev/null && break; sleep 0.5; done

common=(--server.port="$port" --yuelv.data-dir="$work/data" --yuelv.search.index-dir="$work/search"
  --logging.level.root=WARN --yuelv.rate-limits.enabled=false --yuelv.overload.enabled=false
  --yuelv.cache.answers.lifetime=0)
on=(--management.tracing.export.zipkin.enabled=true
  --management.tracing.export.zipkin.endpoint="http://127.0.0.1:$zipkin_port/api/v2/spans")
off=(--management.observations.enable.all=false --management.tracing.sampling.probability=0
  --management.tracing.export.enabled=false --management.defaults.metrics.export.enabled=false)

start() { # mode
  local args=("${common[@]}")
  if [ "$1" = on ]; then args+=("${on[@]}"); else args+=("${off[@]}"); fi
  "${app_pin[@]}" "$java" -jar "$jar" "${args[@]}" > "$work/app-$1.log" 2>&1 &
  app=$!
  for _ in $(seq 1 240); do curl -sf "$base/actuator/health/readiness" > /dev/null && return; sleep 0.5; done
  echo "the application did not start; see $work/app-$1.log" >&2; exit 1
}

stop() {
  kill $scraper 2>/dev/null || true; scraper=
  kill $app; wait $app 2>/dev/null || true; app=
}

measure() { # mode -> "rps p50 p99"
  start "$1"
  local id
  id=$(published_trip "$base") || exit 1
  if [ "$1" = on ]; then
    ( while true; do curl -s "$base/actuator/prometheus" > /dev/null; sleep 15; done ) &
    scraper=$!
  fi
  "${load_pin[@]}" wrk -t1 -c32 -d"$warmup" "$base/api/v1/trips/$id" > /dev/null
  local before after
  before=$(cpu_ticks "$app")
  "${load_pin[@]}" wrk -t1 -c32 -d"$duration" --latency "$base/api/v1/trips/$id" > "$work/wrk-$1.txt"
  after=$(cpu_ticks "$app")
  if grep -q 'Non-2xx' "$work/wrk-$1.txt"; then
    echo "the read was refused in the $1 round: $(grep 'Non-2xx' "$work/wrk-$1.txt")" >&2; exit 1
  fi
  local series=-
  [ "$1" = on ] && series=$(curl -s "$base/actuator/prometheus" | grep -cv '^#')
  stop
  awk -v series="$series" -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    / requests in / {requests=$1} /Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2}
    END {printf "%s %.0f %s %s %s\n", rps, ticks / hz * 1e6 / requests, p50, p99, series}' "$work/wrk-$1.txt"
}

printf '| round | observability | requests/s | CPU per request | p50 | p99 | series in the scrape |\n|---|---|---|---|---|---|---|\n'
for round in $(seq 1 "$rounds"); do
  for mode in on off; do
    read -r rps cpu p50 p99 series < <(measure "$mode") || true
    [ -n "${rps:-}" ] || { echo "round $round ($mode) measured nothing" >&2; exit 1; }
    printf '| %s | %s | %s | %s µs | %s | %s | %s |\n' "$round" "$mode" "$rps" "$cpu" "$p50" "$p99" "$series"
  done
done
