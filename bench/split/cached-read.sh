#!/usr/bin/env bash
# The cached trip read against a bare Spring MVC endpoint answering the same bytes (bench.feed.BareEndpoint), one after
# the other on the same core, with the same connections and warm-up: the share of the bare endpoint's throughput the
# application serves, and each one's CPU per request.
#
# Usage: APP_CPUS=0 LOAD_CPUS=1 bench/split/cached-read.sh    (build first: ./mvnw package -DskipTests)
# The application runs as shipped (observability on) in embedded mode, with rate limits and load shedding off so that
# one load generator is not refused. Needs wrk, curl and jq. WARMUP (60 s) and DURATION (30 s) per endpoint.
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${PORT:-18091}
bare_port=${BARE_PORT:-18096}
warmup=${WARMUP:-60s}
duration=${DURATION:-30s}
source bench/common.sh
jar=$(app_jar)
work=$(mktemp -d)
base="http://127.0.0.1:$port"
pid=

cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ready() { # url
  for _ in $(seq 1 240); do curl -sf "$1" > /dev/null && return; sleep 0.5; done
  echo "nothing answers $1" >&2; exit 1
}

measure() { # label url -> a table row
  local before after
  "${load_pin[@]}" wrk -t1 -c32 -d"$warmup" "$2" > /dev/null
  before=$(cpu_ticks "$pid")
  "${load_pin[@]}" wrk -t1 -c32 -d"$duration" --latency "$2" > "$work/wrk.txt"
  after=$(cpu_ticks "$pid")
  if grep -q 'Non-2xx' "$work/wrk.txt"; then
    echo "$1 was refused: $(grep 'Non-2xx' "$work/wrk.txt")" >&2; exit 1
  fi
  awk -v label="$1" -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    / requests in / {requests=$1} /Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2}
    END {printf "| %s | %s | %.0f µs | %s | %s |\n", label, rps, ticks / hz * 1e6 / requests, p50, p99}' "$work/wrk.txt"
}

# the application, and one published trip
"${app_pin[@]}" "$java" -jar "$jar" --server.port="$port" --yuelv.data-dir="$work/data" \
  --yuelv.search.index-dir="$work/search" --logging.level.root=WARN --yuelv.rate-limits.enabled=false \
  --yuelv.overload.enabled=false > "$work/app.log" 2>&1 &
pid=$!
ready "$base/actuator/health/readiness"
id=$(published_trip "$base")
curl -sf "$base/api/v1/trips/$id" > "$work/trip.json"

printf '| endpoint | requests/s | CPU per request | p50 | p99 |\n|---|---|---|---|---|\n'
measure "the cached trip read ($(wc -c < "$work/trip.json") bytes)" "$base/api/v1/trips/$id"
kill "$pid"; wait "$pid" 2>/dev/null || true

# the bare endpoint, answering the same bytes
classpath=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
"${app_pin[@]}" "$java" -cp "target/test-classes:$classpath" bench.feed.BareEndpoint --server.port="$bare_port" \
  --bare.body="$work/trip.json" --logging.level.root=WARN > "$work/bare.log" 2>&1 &
pid=$!
ready "http://127.0.0.1:$bare_port/api/v1/feed"
measure "the bare endpoint, the same bytes" "http://127.0.0.1:$bare_port/api/v1/feed"
