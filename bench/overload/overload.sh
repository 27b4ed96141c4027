#!/usr/bin/env bash
# Overload benchmark: the single JAR under a realistic traffic mix, first at capacity, then at ten times it.
#
# Usage: bench/overload/overload.sh [local|redis] [all|overhead]    (build first: ./mvnw package -DskipTests)
#   local   embedded mode, rate-limit buckets in memory;  redis: the redis profile (buckets in the machine's Redis)
#   all     warm-up, unloaded critical latency, capacity, ten-fold overload, limiter overhead;  overhead: only the last
#   profile where the application's CPU goes, for critical requests alone and for the limiter probe's trip page (JFR)
#   EDGE=1  the unloaded and the overload traffic go through the local edge, HAProxy with the generated
#           deploy/haproxy/off-season.cfg (the application on its port 8081, the edge on 8080), which lets a replica's
#           slots in and queues the rest by priority; warm-up and capacity are measured on the application itself
#
# The mix (mix.lua) is 20% inbox and suggestion refreshes (sheddable), CRITICAL_SHARE percent booking (critical; 5 by
# default) and the rest browse and search (normal priority), run as three wrk processes so that each class gets its
# own latency figures.
# Capacity is measured with load shedding switched off, at saturation (closed loop, one wrk process drawing each
# request's class by its share); the overload offers ten times that rate, class by class, on a schedule that does not
# wait for answers (open loop, BENCH_RATE in mix.lua). The rate limits are raised far above the load (every request
# comes from one address), so what is measured is the shedding. The limiter overhead compares the latency of one
# endpoint, unloaded (one connection, on the application itself), with rate limits and shedding on and off, switched
# at run time through /actuator/traffic, six rounds each in alternating order.
set -euo pipefail
[ -n "${BENCH_DEBUG:-}" ] && set -x
cd "$(dirname "$0")/../.."
mode=${1:-local}
phases=${2:-all}
edge=${EDGE:-}
port=${PORT:-18090}
[ -n "$edge" ] && port=8081
base="http://localhost:$port"
# what the load goes to: the application, or the edge in front of it
target=$base
[ -n "$edge" ] && target=http://localhost:8080
warmup_rounds=${WARMUP_ROUNDS:-8}
warmup_min=${WARMUP_MIN:-4}
duration=${DURATION:-60s}
critical_share=${CRITICAL_SHARE:-5}
capacity_duration=${CAPACITY_DURATION:-30s}
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
# APP_ARGS: further arguments for the application (--key=value ...), e.g. to try other settings
read -r -a extra <<< "${APP_ARGS:-}"
args+=("${extra[@]}")

jvm=()
# the profile records whole stacks: a request on virtual threads runs some 150 frames deep, beyond JFR's default 64
[ "$phases" = profile ] && jvm=(-XX:FlightRecorderOptions:stackdepth=1024)
"${app_pin[@]}" "$java" "${jvm[@]}" -jar "$jar" "${args[@]}" > "$work/app.log" 2>&1 &
app=$!
edge_pid=
# On a failure (an answer that does not come within its time counts) the work directory stays, with the
# application's log, its database and a dump of its threads, to see what stopped it. Every step is allowed to fail:
# under set -e a kill of what already ended, or the application's status after the kill (143), would end the
# clean-up half-way and the script with a failure.
cleanup() {
  local status=$?
  if [ "$status" -ne 0 ] && kill -0 "$app" 2>/dev/null; then
    timeout 60 "${java%/java}/jcmd" "$app" Thread.dump_to_file -format=text "$work/threads.txt" > /dev/null 2>&1 || true
  fi
  kill $app $edge_pid 2>/dev/null || true
  # an application that hangs may not shut down either
  for _ in $(seq 1 150); do kill -0 "$app" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$app" 2>/dev/null || true
  wait $app 2>/dev/null || true
  if [ "$status" -ne 0 ]; then
    echo "failed (status $status); the application's log, data and threads are in $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
until curl -sf --max-time 5 "$base/actuator/health/readiness" 2>/dev/null | grep -q UP; do
  kill -0 "$app" 2>/dev/null || { cat "$work/app.log"; echo "the application died"; exit 1; }
  sleep 0.2
done
if [ -n "$edge" ]; then
  # one thread, on the load generator's core
  sed 's/^global$/global\n    nbthread 1/' deploy/haproxy/off-season.cfg > "$work/edge.cfg"
  "${load_pin[@]}" haproxy -db -f "$work/edge.cfg" > "$work/edge.log" 2>&1 &
  edge_pid=$!
  until curl -s -o /dev/null "$target/api/v1/trips"; do
    kill -0 "$edge_pid" 2>/dev/null || { cat "$work/edge.log"; echo "the edge died"; exit 1; }
    sleep 0.2
  done
fi
echo "== $mode${edge:+, through the edge}: started ($(awk '/VmRSS/ {print int($2/1024)}' /proc/$app/status) MiB)"

python3 "$here/seed.py" "$base" "$work/data.lua" 300 400
password='correct horse battery staple 42'
curl -sf --max-time 30 -H 'Content-Type: application/json' "$base/api/v1/auth/register" \
  -d "{\"email\":\"ops@bench.yuelv.test\",\"password\":\"$password\",\"displayName\":\"Ops\"}" > /dev/null
# a fresh access token for each use: they last 15 minutes, and a long warm-up outlasts one
admin() {
  curl -sf --max-time 30 -H 'Content-Type: application/json' "$base/api/v1/auth/login" \
    -d "{\"email\":\"ops@bench.yuelv.test\",\"password\":\"$password\"}" | jq -r .accessToken
}
switch() { # protection on|off
  local enabled=true; [ "$2" = off ] && enabled=false
  curl -sf --max-time 30 -H "Authorization: Bearer $(admin)" -H 'Content-Type: application/json' \
    "$base/actuator/traffic/$1" -d "{\"enabled\":\"$enabled\"}" > /dev/null
}

# wrk_class CLASS CONNECTIONS DELAY_MS DURATION PAIR_OFFSET OUT [RATE]   (to $to, else the target; DELAY_MS 0 and no
# RATE: back to back; RATE: requests/s on a schedule, over all connections)
wrk_class() {
  local threads=2; [ "$2" -lt 2 ] && threads=1
  BENCH_DATA="$work/data.lua" BENCH_CLASS=$1 BENCH_CRITICAL_SHARE=$critical_share BENCH_DELAY_MS=$3 BENCH_PAIR_OFFSET=$5 BENCH_THREADS=$threads \
    BENCH_RATE=${7:-0} BENCH_STATUSES=${statuses:-1} "${load_pin[@]}" wrk -t"$threads" -c"$2" -d"$4" --timeout 10s \
    -s "$here/mix.lua" "${to:-$target}" > "$6" 2>&1
}
field() { grep -o "$2=[0-9.]*" "$1" | head -n 1 | cut -d= -f2; }
# the first (traveler, trip) pair no join request of this run asked as yet: each phase asks from it on, and then
# moves it past what it took (mix.lua's PAIRS line)
next_pair=0
pairs_used() { next_pair=$((next_pair + $(field "$1" used))); }
count() { # file, status pattern (awk regex on the status) -> how many responses had it
  grep '^STATUSES' "$1" | tr ' ' '\n' | awk -F= -v re="$2" '$1 ~ re {n += $2} END {print n + 0}'
}
mix() { # RATE(total, requests/s) DURATION PAIR_OFFSET LABEL: each class its share of the rate, with connections
  # enough for answers that take up to 200 ms (slower answers hold connections, and the offered rate falls short)
  local share pids=()
  for share in browse:$((80 - critical_share)) sheddable:20 critical:$critical_share; do
    local class=${share%:*} rate
    rate=$(echo "$1 * ${share#*:} / 100" | bc -l | cut -d. -f1)
    # only critical answers are told apart by status; the others as 2xx or not, which spares the load core
    statuses=$([ "$class" = critical ] && echo 1 || echo 0) \
      wrk_class "$class" $(( rate / 5 > 2 ? rate / 5 : 2 )) 0 "$2" "$3" "$work/$4-$class.txt" "$rate" &
    pids+=($!)
  done
  wait "${pids[@]}"
}
cores() { grep '^cpu[0-9]' /proc/stat; }
decisions() { # TOKEN -> "priority:outcome=count ... timer:count=N timer:us=M ..." so far: the application's own
  # admissions and refusals (the rest of the refusals are the edge's), and its timers
  local token=$1 priority outcome
  for priority in critical normal sheddable; do
    for outcome in admitted shed; do
      printf '%s:%s=%s ' "$priority" "$outcome" "$(curl -sf --max-time 30 -H "Authorization: Bearer $token" \
        "$base/actuator/metrics/yuelv.overload.requests?tag=priority:$priority&tag=outcome:$outcome" |
        jq '.measurements[0].value | floor')"
    done
  done
  # how long requests queued for a thread before the filter (all priorities), and how long critical ones spent in
  # the application once admitted (listing one's requests, asking to join): counts and total microseconds
  local timer
  for timer in "queueing|yuelv.overload.queueing" \
      "listing|http.server.requests?tag=uri:/api/v1/join-requests&tag=method:GET" \
      "asking|http.server.requests?tag=uri:/api/v1/trips/%7BtripId%7D/join-requests&tag=method:POST"; do
    curl -sf --max-time 30 -H "Authorization: Bearer $token" "$base/actuator/metrics/${timer#*|}" | jq -r \
      --arg name "${timer%%|*}" '"\($name):count=\(.measurements[] | select(.statistic == "COUNT") | .value | floor)
        \($name):us=\(.measurements[] | select(.statistic == "TOTAL_TIME") | .value * 1e6 | floor)"' | tr '\n' ' '
  done
  echo
}
since() { # decisions before and after -> what the application decided in between, per priority, and the mean
  # of each timer in between; readings are matched by name, and one missing from either side is left out
  printf '%s\n%s\n' "$1" "$2" | awk '
    NR == 1 { for (i = 1; i <= NF; i++) { split($i, kv, "="); before[kv[1]] = kv[2] } next }
    {
      for (i = 1; i <= NF; i++) {
        split($i, kv, "="); name = kv[1]
        if (!(name in before)) continue
        delta = kv[2] - before[name]
        if (name ~ /:count$/) n[substr(name, 1, length(name) - 6)] = delta
        else if (name ~ /:us$/) { timer = substr(name, 1, length(name) - 3); us[timer] = delta; order[++timers] = timer }
        else printf "%s%s %d", (shown++ ? ", " : "  the application itself: "), name, delta
      }
    }
    END {
      printf "\n  mean microseconds:"
      for (i = 1; i <= timers; i++) {
        t = order[i]; printf " %s %.0f (%d)", t, n[t] ? us[t] / n[t] : 0, n[t]
      }
      print ""
    }'
}
busy() { # /proc/stat core lines before and after -> how busy each core was in between (a saturated load core
  # delays the edge's refusals and the schedule itself, which then measure the load generator, not the application)
  paste -d' ' <(echo "$1") <(echo "$2") | awk '{
    n = (NF - 2) / 2; total = 0; idle = 0
    for (i = 2; i <= n + 1; i++) total += $(i + n + 1) - $i
    idle = ($(5 + n + 1) - $5) + ($(6 + n + 1) - $6); steal = $(9 + n + 1) - $9
    printf "%s%s %.0f%% busy (steal %.0f%%)", (NR > 1 ? ", " : "  cores: "), $1, 100 * (total - idle) / total,
      100 * steal / total
  } END { print "" }'
}
report() { # LABEL -> prints per class and totals; sets total_ok, total_all, seconds
  total_ok=0; total_all=0
  for class in browse sheddable critical; do
    local f="$work/$1-$class.txt"
    local all ok shed
    all=$(field "$f" requests); ok=$(count "$f" '^2'); shed=$(count "$f" '^(503|non2xx)$')
    seconds=$(field "$f" seconds)
    total_ok=$((total_ok + ok)); total_all=$((total_all + all))
    printf '  %-9s %8d requests  %8d 2xx  %7d refused  p50 %7s ms  p99 %7s ms  [%s]\n' "$class" "$all" "$ok" \
      "$shed" "$(field "$f" p50)" "$(field "$f" p99)" "$(grep '^STATUSES' "$f" | cut -d' ' -f2-)"
  done
}

if [ "$phases" = profile ]; then
  # Where the application's CPU goes (JFR, CpuShares.java): critical requests alone at saturation, then the limiter
  # probe's trip page from 4 connections, each recorded over one 30 s round after PROFILE_ROUNDS (4) rounds of
  # warm-up, with the protections on. The shares are of the samples of every thread of the application.
  profile_rounds=${PROFILE_ROUNDS:-4}
  shares() { "$java" "$here/CpuShares.java" "$@"; }
  record() { # NAME COMMAND... -> runs COMMAND while the application is recorded into $work/NAME.jfr
    "${java%/java}/jcmd" "$app" JFR.start name="$1" settings=profile filename="$work/$1.jfr" > /dev/null
    "${@:2}"
    "${java%/java}/jcmd" "$app" JFR.stop name="$1" > /dev/null
  }
  critical_round() { # OUT
    to=$base wrk_class critical 20 0 30s "$next_pair" "$1"
    pairs_used "$1"
    printf '  %.0f successful requests/s  [%s]\n' "$(echo "$(count "$1" '^2') / $(field "$1" seconds)" | bc -l)" \
      "$(grep '^STATUSES' "$1" | cut -d' ' -f2-)"
  }
  echo "== profile: critical requests alone, 20 connections, $profile_rounds rounds of warm-up and one recorded (30 s each)"
  for _ in $(seq 1 "$profile_rounds"); do critical_round "$work/profile-warm.txt"; done
  record critical critical_round "$work/profile-critical.txt"
  filters='!FilterChain.doFilter'
  shares "$work/critical.jfr" 'requests (connector to answer)=SocketProcessorBase.run' \
    'asking to join (the use case, from the controller)=JoinRequestController.ask' \
    'listing one'"'"'s requests (the use case, from the controller)=JoinRequestController.mine' \
    '  of which the page'"'"'s query=.newestBy' \
    'committing (flush and commit)=JpaTransactionManager.doCommit' \
    'storing event publications=PersistentApplicationEventMulticaster.storePublications' \
    'event listeners after commit, with their publications'"'"' bookkeeping=CompletionRegisteringMethodInterceptor.invoke' \
    '  of which the inbox write itself=InboxWriter.on' \
    'the embedded database'"'"'s background store=FileStore.lambda$storeIt' \
    'the security chain, up to the servlet=FilterChainProxy.doFilter!DispatcherServlet.doService' \
    "the request's observation (http.server.requests)=ServerHttpObservationFilter.doFilterInternal$filters" \
    "rate limit filter=RateLimitFilter.doFilterInternal$filters" \
    "load shedding filter=LoadShedFilter.doFilterInternal$filters"

  trip=$(grep -o 'trips = {"[^"]*"' "$work/data.lua" | cut -d'"' -f2)
  page_round() {
    BENCH_PATH="/api/v1/trips/$trip" "${load_pin[@]}" wrk -t1 -c4 -d30s -s "$here/one-endpoint.lua" "$base" \
      > "$work/profile-page.txt"
    printf '  %.0f requests/s\n' "$(echo "$(field "$work/profile-page.txt" requests) / 30" | bc -l)"
  }
  echo "== profile: one trip page, 4 connections, $profile_rounds rounds of warm-up and one recorded (30 s each)"
  for _ in $(seq 1 "$profile_rounds"); do page_round; done
  record page page_round
  shares "$work/page.jfr" 'requests (connector to answer)=SocketProcessorBase.run' \
    "the request's observation (http.server.requests)=ServerHttpObservationFilter.doFilterInternal$filters" \
    "rate limit filter=RateLimitFilter.doFilterInternal$filters" \
    "load shedding filter=LoadShedFilter.doFilterInternal$filters"
  exit 0
fi

if [ "$phases" = all ]; then
  # JIT compilation competes with the application for its core: warm up in rounds until the rate settles, with
  # shedding off so that what is compiled is the work, not the refusals
  echo "== warm-up: the mix at saturation in 30 s rounds until two rounds agree within 5%" \
    "(at least $warmup_min, at most $warmup_rounds)"
  switch load-shedding off
  previous=0; settled=
  for round in $(seq 1 "$warmup_rounds"); do
    to=$base wrk_class mix 20 0 30s "$next_pair" "$work/warmup.txt"
    pairs_used "$work/warmup.txt"
    rate=$(echo "$(count "$work/warmup.txt" '^2') / $(field "$work/warmup.txt" seconds)" | bc -l)
    printf '  round %d: %.0f successful requests/s\n' "$round" "$rate"
    if [ "$round" -ge "$warmup_min" ] && [ "$(echo "$rate < 1.05 * $previous && $rate > 0.95 * $previous" | bc -l)" = 1 ]; then
      settled=1
      break
    fi
    previous=$rate
  done
  # on a slow core the JIT may still be compiling: the capacity then moves during the run, and the ratios with it
  [ -n "$settled" ] || echo "  NOT SETTLED after $warmup_rounds rounds: the figures below move with the JIT" \
    "(WARMUP_ROUNDS raises the bound)"
  switch load-shedding on

  echo "== unloaded: critical requests alone, 4 connections, 50 ms apart (30s)"
  wrk_class critical 4 50 30s "$next_pair" "$work/unloaded-critical.txt"
  pairs_used "$work/unloaded-critical.txt"
  unloaded_p99=$(field "$work/unloaded-critical.txt" p99)
  echo "  critical p50 $(field "$work/unloaded-critical.txt" p50) ms, p99 $unloaded_p99 ms"

  # capacity: the best rate of successful requests with load shedding off, at 8 and at 20 connections (more
  # connections than the server has use for only queue); measured again after the overload, and the best of all taken
  capacity=0
  measure_capacity() { # LABEL
    switch load-shedding off
    for c in 8 20; do
      to=$base wrk_class mix "$c" 0 "$capacity_duration" "$next_pair" "$work/$1-$c.txt"
      pairs_used "$work/$1-$c.txt"
      local rate
      rate=$(echo "$(count "$work/$1-$c.txt" '^2') / $(field "$work/$1-$c.txt" seconds)" | bc -l)
      printf '  %s, %2d connections: %.0f successful requests/s; p50 %s ms, p99 %s ms  [%s]\n' "$1" "$c" "$rate" \
        "$(field "$work/$1-$c.txt" p50)" "$(field "$work/$1-$c.txt" p99)" \
        "$(grep '^STATUSES' "$work/$1-$c.txt" | cut -d' ' -f2-)"
      if [ "$(echo "$rate > $capacity" | bc -l)" = 1 ]; then capacity=$rate; fi
    done
    switch load-shedding on
  }
  echo "== capacity: the mix at saturation, load shedding off ($capacity_duration each)"
  measure_capacity capacity
  printf '  capacity: %.0f successful requests/s\n' "$capacity"

  # critical requests alone, back to back: at ten times capacity they alone are offered CRITICAL_SHARE tenths of
  # what the whole mix can get (half of it at 5%), which the machine serves only if they are not that much dearer
  switch load-shedding off
  to=$base wrk_class critical 20 0 "$capacity_duration" "$next_pair" "$work/critical-capacity.txt"
  pairs_used "$work/critical-capacity.txt"
  switch load-shedding on
  critical_capacity=$(echo "$(count "$work/critical-capacity.txt" '^2') / $(field "$work/critical-capacity.txt" \
    seconds)" | bc -l)
  printf '  critical requests alone: %.0f successful requests/s; the overload offers them %.0f/s\n' \
    "$critical_capacity" "$(echo "$capacity * $critical_share / 10" | bc -l)"

  rate=$(echo "10 * $capacity" | bc -l | cut -d. -f1)
  echo "== overload: ten times capacity, $rate requests/s on a schedule," \
    "$((80 - critical_share))/20/$critical_share by class ($duration)"
  # one access token for the readings around the overload: each login hashes a password on the application's core
  token=$(admin); before=$(cores); decided=$(decisions "$token")
  # what the limit saw, every 5 s of the overload (one small request each)
  (
    # ends with the application, should the run fail before the sampler is stopped
    while sleep 5 && kill -0 "$app" 2>/dev/null; do
      curl -sf --max-time 2 -H "Authorization: Bearer $token" "$base/actuator/traffic" | jq -c '.loadShedding |
        {limit, inflight: .inflightByPriority, waiting: .criticalWaiting, latency: .recentLatencyMillis,
         ratio: .recentLatencyAgainstBaseline}' || true
    done
  ) > "$work/samples.txt" 2>/dev/null &
  sampler=$!
  mix "$rate" "$duration" "$next_pair" overload
  kill "$sampler" 2>/dev/null || true
  pairs_used "$work/overload-critical.txt"
  busy "$before" "$(cores)"
  since "$decided" "$(decisions "$token")"
  sed 's/^/  sample: /' "$work/samples.txt"
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
  curl -sf --max-time 30 -H "Authorization: Bearer $(admin)" "$base/actuator/traffic" | jq -c .loadShedding

  echo "== capacity again, after the overload"
  measure_capacity capacity-after
  # beyond the seeded pairs, join requests ask again as pairs that asked before, and some answers become 409s
  [ "$next_pair" -le $((300 * 400)) ] || echo "  join requests took $next_pair pairs, more than the 120000 seeded"
  printf '  capacity, the best of both: %.0f successful requests/s; goodput under overload %.1f%% of it\n' \
    "$capacity" "$(echo "100 * $goodput / $capacity" | bc -l)"
fi

echo "== limiter overhead: one trip page from one connection (unloaded), protection on and off in turn (6 x 10s each)"
trip=$(grep -o 'trips = {"[^"]*"' "$work/data.lua" | cut -d'"' -f2)
probe() { # LABEL -> the median latency of the round in microseconds (a pause or a compile moves the mean, not it)
  BENCH_PATH="/api/v1/trips/$trip" "${load_pin[@]}" wrk -t1 -c1 -d10s -s "$here/one-endpoint.lua" "$base" \
    > "$work/$1.txt"
  field "$work/$1.txt" p50_us
}
BENCH_PATH="/api/v1/trips/$trip" "${load_pin[@]}" wrk -t1 -c1 -d20s -s "$here/one-endpoint.lua" "$base" > /dev/null
# PROTECTIONS: which of them the probe switches (default both), to tell their costs apart
protection() { for p in ${PROTECTIONS:-rate-limits load-shedding}; do switch "$p" "$1"; done; }
on=(); off=()
# on-off, off-on, ...: a drift of the machine during the probe weighs on both sides alike
for round in 1 2 3 4 5 6; do
  if [ $((round % 2)) = 1 ]; then
    on+=($(probe "on-$round")); protection off; off+=($(probe "off-$round")); protection on
  else
    protection off; off+=($(probe "off-$round")); protection on; on+=($(probe "on-$round"))
  fi
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (a[int((NR+1)/2)] + a[int(NR/2)+1]) / 2}'; }
m_on=$(median "${on[@]}"); m_off=$(median "${off[@]}")
printf '  median latency with the limiters: %s us (rounds: %s); without: %s us (rounds: %s)\n' "$m_on" "${on[*]}" \
  "$m_off" "${off[*]}"
printf '  overhead (%s buckets): %.1f us per request = %.1f%% of an unloaded request\n' "$mode" \
  "$(echo "$m_on - $m_off" | bc -l)" "$(echo "100 * ($m_on - $m_off) / $m_off" | bc -l)"
