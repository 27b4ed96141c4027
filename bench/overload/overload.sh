#!/usr/bin/env bash
# Overload benchmark: the single JAR under a realistic traffic mix, first at capacity, then at ten times it.
#
# Usage: bench/overload/overload.sh [local|redis] [all|overhead]    (build first: ./mvnw package -DskipTests)
#   local   embedded mode, rate-limit buckets in memory;  redis: the redis profile (buckets in the machine's Redis)
#   all     warm-up, unloaded critical latency, capacity, ten-fold overload, limiter overhead;  overhead: only the last
#
# The mix (mix.lua) is about 70% browse and search (normal priority), 20% inbox and suggestion refreshes
# (sheddable) and 10% booking (critical), run as three wrk processes so that each class gets its own latency figures.
# Capacity is measured with load shedding switched off, at saturation (closed loop, one wrk process drawing each
# request's class by its share); the overload offers ten times that rate, class by class, through paced connections
# (each waits BENCH_DELAY_MS between requests). The rate limits are raised far
# above the load (every request comes from one address), so what is measured is the shedding. The limiter overhead
# compares one endpoint with rate limits and shedding on and off, switched at run time through /actuator/traffic,
# alternating three times.
set -euo pipefail
[ -n "${BENCH_DEBUG:-}" ] && set -x
cd "$(dirname "$0")/../.."
mode=${1:-local}
phases=${2:-all}
port=${PORT:-18090}
base="http://localhost:$port"
warmup=${WARMUP:-90s}
duration=${DURATION:-60s}
delay_ms=${BENCH_DELAY_MS:-50}
jar=$(ls target/yuelv-*.jar | grep -v original | head -n 1)
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
# APP_CPUS / LOAD_CPUS pin the application and the load generator to their own cores (taskset lists, e.g. 0 and 1)
app_pin=(); load_pin=()
[ -n "${APP_CPUS:-}" ] && app_pin=(taskset -c "$APP_CPUS")
[ -n "${LOAD_CPUS:-}" ] && load_pin=(taskset -c "$LOAD_CPUS")
work=$(mktemp -d)
here=bench/overload

args=(--server.port="$port" --yuelv.data-dir="$work/data" --yuelv.identity.admin-emails=ops@bench.yuelv.test
  --yuelv.search.index-dir="$work/search" --logging.level.root=WARN)
for class in auth browse write booking; do
  for audience in anonymous authenticated; do
    args+=(--yuelv.rate-limits.classes.$class.$audience.capacity=1000000000
      --yuelv.rate-limits.classes.$class.$audience.period=1s)
  done
done
if [ "$mode" = redis ]; then
  args+=(--spring.profiles.active=redis)
fi

"${app_pin[@]}" "$java" -jar "$jar" "${args[@]}" > "$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf "$base/actuator/health/readiness" 2>/dev/null | grep -q UP; do
  kill -0 "$app" 2>/dev/null || { cat "$work/app.log"; echo "the application died"; exit 1; }
  sleep 0.2
done
echo "== $mode: started ($(awk '/VmRSS/ {print int($2/1024)}' /proc/$app/status) MiB)"

python3 "$here/seed.py" "$base" "$work/data.lua" 300 400
password='correct horse battery staple 42'
curl -sf -H 'Content-Type: application/json' "$base/api/v1/auth/register" \
  -d "{\"email\":\"ops@bench.yuelv.test\",\"password\":\"$password\",\"displayName\":\"Ops\"}" > /dev/null
admin=$(curl -sf -H 'Content-Type: application/json' "$base/api/v1/auth/login" \
  -d "{\"email\":\"ops@bench.yuelv.test\",\"password\":\"$password\"}" | jq -r .accessToken)
switch() { # protection on|off
  local enabled=true; [ "$2" = off ] && enabled=false
  curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    "$base/actuator/traffic/$1" -d "{\"enabled\":\"$enabled\"}" > /dev/null
}

# wrk_class CLASS CONNECTIONS DELAY_MS DURATION PAIR_OFFSET OUT
wrk_class() {
  local threads=2; [ "$2" -lt 2 ] && threads=1
  BENCH_DATA="$work/data.lua" BENCH_CLASS=$1 BENCH_DELAY_MS=$3 BENCH_PAIR_OFFSET=$5 BENCH_THREADS=$threads \
    "${load_pin[@]}" wrk -t"$threads" -c"$2" -d"$4" --timeout 10s -s "$here/mix.lua" "$base" > "$6" 2>&1
}
field() { grep -o "$2=[0-9.]*" "$1" | head -n 1 | cut -d= -f2; }
count() { # file, status pattern (awk regex on the status) -> how many responses had it
  grep '^STATUSES' "$1" | tr ' ' '\n' | awk -F= -v re="$2" '$1 ~ re {n += $2} END {print n + 0}'
}
mix() { # CONNECTIONS(total) DELAY_MS DURATION PAIR_OFFSET LABEL
  local n=$1
  wrk_class browse $(( n * 7 / 10 > 0 ? n * 7 / 10 : 1 )) "$2" "$3" "$4" "$work/$5-browse.txt" &
  local b=$!
  wrk_class sheddable $(( n * 2 / 10 > 0 ? n * 2 / 10 : 1 )) "$2" "$3" "$4" "$work/$5-sheddable.txt" &
  local s=$!
  wrk_class critical $(( n / 10 > 0 ? n / 10 : 1 )) "$2" "$3" "$4" "$work/$5-critical.txt"
  wait $b $s
}
report() { # LABEL -> prints per class and totals; sets total_ok, total_all, seconds
  total_ok=0; total_all=0
  for class in browse sheddable critical; do
    local f="$work/$1-$class.txt"
    local all ok shed
    all=$(field "$f" requests); ok=$(count "$f" '^2'); shed=$(count "$f" '^503$')
    seconds=$(field "$f" seconds)
    total_ok=$((total_ok + ok)); total_all=$((total_all + all))
    printf '  %-9s %8d requests  %8d 2xx  %7d shed (503)  p50 %7s ms  p99 %7s ms  [%s]\n' "$class" "$all" "$ok" \
      "$shed" "$(field "$f" p50)" "$(field "$f" p99)" "$(grep '^STATUSES' "$f" | cut -d' ' -f2-)"
  done
}

if [ "$phases" = all ]; then
  echo "== warm-up ($warmup, the mix at saturation)"
  wrk_class mix 20 0 "$warmup" 0 "$work/warmup.txt"
  echo "  $(grep '^STATUSES' "$work/warmup.txt")"

  echo "== unloaded: critical requests alone, 4 connections, 50 ms apart (30s)"
  wrk_class critical 4 50 30s 20000 "$work/unloaded-critical.txt"
  unloaded_p99=$(field "$work/unloaded-critical.txt" p99)
  echo "  critical p50 $(field "$work/unloaded-critical.txt" p50) ms, p99 $unloaded_p99 ms"

  echo "== capacity: the mix from 20 connections at saturation, load shedding off ($duration)"
  switch load-shedding off
  wrk_class mix 20 0 "$duration" 30000 "$work/capacity.txt"
  switch load-shedding on
  capacity=$(echo "$(count "$work/capacity.txt" '^2') / $(field "$work/capacity.txt" seconds)" | bc -l)
  printf '  capacity: %.0f successful requests/s; p50 %s ms, p99 %s ms  [%s]\n' "$capacity" \
    "$(field "$work/capacity.txt" p50)" "$(field "$work/capacity.txt" p99)" \
    "$(grep '^STATUSES' "$work/capacity.txt" | cut -d' ' -f2-)"

  # each connection sends about one request per (delay + latency); latency under overload is taken to be the delay
  connections=$(echo "10 * $capacity * 2 * $delay_ms / 1000 + 0.999" | bc -l | cut -d. -f1)
  echo "== overload: ten times capacity offered by $connections connections, $delay_ms ms apart ($duration)"
  mix "$connections" "$delay_ms" "$duration" 50000 overload
  report overload
  offered=$(echo "$total_all / $seconds" | bc -l)
  goodput=$(echo "$total_ok / $seconds" | bc -l)
  critical_all=$(field "$work/overload-critical.txt" requests)
  critical_admitted=$((critical_all - $(count "$work/overload-critical.txt" '^503$')))
  critical_p99=$(field "$work/overload-critical.txt" p99)
  printf '  offered %.0f requests/s (%.1fx capacity); goodput %.0f/s = %.1f%% of capacity\n' "$offered" \
    "$(echo "$offered / $capacity" | bc -l)" "$goodput" "$(echo "100 * $goodput / $capacity" | bc -l)"
  printf '  critical admitted %d of %d = %.2f%%; critical p99 %s ms = %.2fx unloaded p99 (%s ms)\n' \
    "$critical_admitted" "$critical_all" "$(echo "100 * $critical_admitted / $critical_all" | bc -l)" \
    "$critical_p99" "$(echo "$critical_p99 / $unloaded_p99" | bc -l)" "$unloaded_p99"
  curl -sf -H "Authorization: Bearer $admin" "$base/actuator/traffic" | jq -c .loadShedding
fi

echo "== limiter overhead: one trip page, 8 connections, protection on and off alternately (3 x 20s each)"
trip=$(grep -o 'trips = {"[^"]*"' "$work/data.lua" | cut -d'"' -f2)
probe() { # LABEL
  BENCH_PATH="/api/v1/trips/$trip" "${load_pin[@]}" wrk -t2 -c8 -d20s --latency -s "$here/one-endpoint.lua" "$base" > "$work/$1.txt"
  awk '/Requests\/sec/ {print $2}' "$work/$1.txt"
}
BENCH_PATH="/api/v1/trips/$trip" "${load_pin[@]}" wrk -t2 -c8 -d30s -s "$here/one-endpoint.lua" "$base" > /dev/null
on=(); off=()
for round in 1 2 3; do
  on+=($(probe "on-$round"))
  switch rate-limits off; switch load-shedding off
  off+=($(probe "off-$round"))
  switch rate-limits on; switch load-shedding on
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m_on=$(median "${on[@]}"); m_off=$(median "${off[@]}")
printf '  with limiter: %s req/s (runs: %s); without: %s req/s (runs: %s)\n' "$m_on" "${on[*]}" "$m_off" "${off[*]}"
printf '  overhead (%s buckets): %.1f%% of throughput, i.e. %.1f us per request\n' "$mode" \
  "$(echo "100 * ($m_off - $m_on) / $m_off" | bc -l)" \
  "$(echo "(1000000 * 8 / $m_on) - (1000000 * 8 / $m_off)" | bc -l)"
