#!/usr/bin/env bash
# The cached trip read against a bare Spring MVC endpoint answering the same bytes (bench.feed.BareEndpoint), on the
# same core with the same connections, in alternating rounds: the share of the bare endpoint's throughput the
# application serves in each round, and each one's CPU per request. The anonymous read gets the answer the replica
# kept; the same read with an access token goes through security and the controller (its data from the cache). Both
# processes run throughout; the one not being measured is stopped (SIGSTOP), so that neither's background work runs in
# the other's round.
#
# Usage: APP_CPUS=0 LOAD_CPUS=1 bench/split/cached-read.sh    (build first: ./mvnw package -DskipTests)
# The application runs as shipped (observability on) in embedded mode, with rate limits and load shedding off so that
# one load generator is not refused. Needs wrk, curl and jq. WARMUP (120 s) per endpoint, then ROUNDS (3) of DURATION
# (30 s) per endpoint; each row gives requests/s, CPU per request (µs of the serving process), p50 and p99.
# APP_ARGS: more arguments for the application (a setting to compare).
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${PORT:-18091}
bare_port=${BARE_PORT:-18096}
warmup=${WARMUP:-120s}
duration=${DURATION:-30s}
rounds=${ROUNDS:-3}
source bench/common.sh
jar=$(app_jar)
work=$(mktemp -d)
base="http://127.0.0.1:$port"
app= bare=

cleanup() {
  for pid in $app $bare; do kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ready() { # url
  for _ in $(seq 1 240); do curl -sf "$1" > /dev/null && return; sleep 0.5; done
  echo "nothing answers $1" >&2; exit 1
}

load() { # url seconds [token] [--latency] -> wrk's report
  local auth=()
  if [ -n "${3:-}" ]; then auth=(-H "Authorization: Bearer $3"); fi
  "${load_pin[@]}" wrk -t1 -c32 -d"$2" "${auth[@]}" ${4:-} "$1"
}

measure() { # pid url [token] -> "requests/s|µs of CPU per request|p50|p99"
  local before after
  before=$(cpu_ticks "$1")
  load "$2" "$duration" "${3:-}" --latency > "$work/wrk.txt"
  after=$(cpu_ticks "$1")
  if grep -q 'Non-2xx' "$work/wrk.txt"; then
    echo "$2 was refused: $(grep 'Non-2xx' "$work/wrk.txt")" >&2; exit 1
  fi
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    / requests in / {requests=$1} /Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2}
    END {printf "%.0f|%.0f|%s|%s\n", rps, ticks / hz * 1e6 / requests, p50, p99}' "$work/wrk.txt"
}

# the application, and one published trip
"${app_pin[@]}" "$java" -jar "$jar" --server.port="$port" --yuelv.data-dir="$work/data" \
  --yuelv.search.index-dir="$work/search" --logging.level.root=WARN --yuelv.rate-limits.enabled=false \
  --yuelv.overload.enabled=false --yuelv.jwt.access-token-ttl=1h ${APP_ARGS:-} > "$work/app.log" 2>&1 &
app=$!
ready "$base/actuator/health/readiness"
id=$(published_trip "$base")
token=$(account_token "$base")
trip="$base/api/v1/trips/$id"
curl -sf "$trip" > "$work/trip.json"

# the bare endpoint, answering the same bytes
classpath=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
"${app_pin[@]}" "$java" -cp "target/test-classes:$classpath" bench.feed.BareEndpoint --server.port="$bare_port" \
  --bare.body="$work/trip.json" --logging.level.root=WARN > "$work/bare.log" 2>&1 &
bare=$!
bare_url="http://127.0.0.1:$bare_port/api/v1/feed"
ready "$bare_url"

kill -STOP "$bare"; load "$trip" "$warmup" > /dev/null; load "$trip" "$warmup" "$token" > /dev/null; kill -CONT "$bare"
kill -STOP "$app"; load "$bare_url" "$warmup" > /dev/null; kill -CONT "$app"

printf '| round | kept answer (anonymous, %s bytes) | with a token (security, controller) | bare endpoint | kept answer / bare | with a token / bare |\n' \
  "$(wc -c < "$work/trip.json")"
printf '|---|---|---|---|---|---|\n'
for round in $(seq 1 "$rounds"); do
  kill -STOP "$bare"; kept_row=$(measure "$app" "$trip"); token_row=$(measure "$app" "$trip" "$token")
  kill -CONT "$bare"
  kill -STOP "$app"; bare_row=$(measure "$bare" "$bare_url"); kill -CONT "$app"
  awk -v round="$round" -v a="$kept_row" -v t="$token_row" -v b="$bare_row" 'BEGIN {
    split(a, x, "|"); split(t, z, "|"); split(b, y, "|")
    printf "| %d | %d/s, %d µs, p50 %s, p99 %s | %d/s, %d µs, p50 %s, p99 %s | %d/s, %d µs, p50 %s, p99 %s | %.0f %% | %.0f %% |\n",
      round, x[1], x[2], x[3], x[4], z[1], z[2], z[3], z[4], y[1], y[2], y[3], y[4], 100 * x[1] / y[1], 100 * z[1] / y[1] }'
done
