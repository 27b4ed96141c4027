#!/usr/bin/env bash
# Feed benchmark: the single JAR on PostgreSQL and Redis with a generated population, in one run:
#   1. the first page of the home feed (wrk, readers in turn) against a bare Spring MVC endpoint answering a page of
#      the same size (bench.feed.BareEndpoint), one after the other on the same core;
#   2. from posting to being in every follower's timeline, for authors of 300 and 9,000 followers (the application's
#      own timer, yuelv.feed.fanout.delivery, read after each post), and for an author of 60,000 followers, read by
#      fan-in (the first feed read of a follower that shows the moment); fan-out inserts per second;
#   3. Redis memory per 1,000,000 timeline entries.
#
# Usage: bench/feed/feed.sh    (build first: ./mvnw package -DskipTests; needs wrk, jq, psql, redis-cli, python3)
#   PEOPLE (100000), MOMENTS (1000000), FOLLOWS (30 on average), READERS (100), DURATION (30s), CONNECTIONS (16)
#   APP_CPUS / LOAD_CPUS pin the application and wrk to their own cores (taskset lists, e.g. 0 and 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
people=${PEOPLE:-100000}
moments=${MOMENTS:-1000000}
follows=${FOLLOWS:-30}
readers=${READERS:-100}
duration=${DURATION:-30s}
connections=${CONNECTIONS:-16}
port=18095
bare_port=18096
base="http://localhost:$port"
database=yuelv_bench_feed
prefix="yuelv-bench:feed:"
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
jar=$(ls target/yuelv-*.jar | grep -v original | head -n 1)
app_pin=(); load_pin=()
[ -n "${APP_CPUS:-}" ] && app_pin=(taskset -c "$APP_CPUS")
[ -n "${LOAD_CPUS:-}" ] && load_pin=(taskset -c "$LOAD_CPUS")
work=$(mktemp -d)
psql=(psql -q -h localhost -U postgres -v ON_ERROR_STOP=1)

dropdb -h localhost -U postgres --if-exists "$database"
createdb -h localhost -U postgres "$database"
redis-cli --scan --pattern "$prefix*" | xargs -r -n 1000 redis-cli del > /dev/null

"${app_pin[@]}" "$java" -Xmx1g -jar "$jar" --spring.profiles.active=postgres,redis --server.port=$port \
  --yuelv.data-dir="$work/data" --spring.datasource.url="jdbc:postgresql://localhost:5432/$database" \
  --yuelv.feed.key-prefix="$prefix" --yuelv.identity.admin-emails=ops@bench.yuelv.test \
  --yuelv.rate-limits.enabled=false --yuelv.overload.enabled=false --logging.level.root=WARN > "$work/app.log" 2>&1 &
app=$!
bare=
cleanup() {
  kill $app $bare 2>/dev/null || true
  wait $app $bare 2>/dev/null || true
  redis-cli --scan --pattern "$prefix*" | xargs -r -n 1000 redis-cli del > /dev/null || true
}
trap cleanup EXIT
until curl -sf --max-time 5 "$base/actuator/health/readiness" 2>/dev/null | grep -q UP; do
  kill -0 $app || { tail -50 "$work/app.log"; exit 1; }
  sleep 1
done

register() { # name -> access token
  curl -sf -H 'Content-Type: application/json' "$base/api/v1/auth/register" \
    -d "{\"email\":\"$1@bench.yuelv.test\",\"password\":\"a long enough passphrase\",\"displayName\":\"$1\"}" > /dev/null
  curl -sf -H 'Content-Type: application/json' "$base/api/v1/auth/login" \
    -d "{\"email\":\"$1@bench.yuelv.test\",\"password\":\"a long enough passphrase\"}" | jq -r .accessToken
}
id_of() { curl -sf -H "Authorization: Bearer $1" "$base/api/v1/me" | jq -r .id; }

echo "seeding $people people, $moments moments, $follows follows each on average"
seed_start=$(date +%s)
"${psql[@]}" -d "$database" -v people="$people" -v moments="$moments" -v follows="$follows" -v threshold=10000 \
  -f bench/feed/seed.sql
echo "seeded in $(( $(date +%s) - seed_start )) s"

ops=$(register ops)
: > "$work/tokens"
for i in $(seq 1 "$readers"); do
  token=$(register "reader$i")
  echo "$token" >> "$work/tokens"
  # each reader follows the three most followed accounts and 150 others drawn like everyone's follows
  "${psql[@]}" -d "$database" -c "
    insert into social.relationships (person_id, other_id, following, followed_at, muted, blocked, version)
    select '$(id_of "$token")'::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, true,
           now(), false, false, 0
    from (select 1 as n union select 2 union select 3 union
          select 4 + floor(($people - 4) * power(random(), 3))::bigint from generate_series(1, 150)) f
    on conflict do nothing"
done

# authors who post during the benchmark: followed by 300, 9,000 (fanned out) and 60,000 (read by fan-in) people
declare -A author_token author_id
for author in ordinary big famous; do
  author_token[$author]=$(register "$author")
  author_id[$author]=$(id_of "${author_token[$author]}")
done
follow_author() { # author, how many of the population follow them
  "${psql[@]}" -d "$database" -c "
    insert into social.relationships (person_id, other_id, following, followed_at, muted, blocked, version)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, '${author_id[$1]}'::uuid, true, now(),
           false, false, 0
    from generate_series(4, $2 + 3) n on conflict do nothing"
}
follow_author ordinary 300
follow_author big 9000
follow_author famous 60000
"${psql[@]}" -d "$database" -c "
  insert into social.relationships (person_id, other_id, following, followed_at, muted, blocked, version)
  select person_id, '${author_id[famous]}'::uuid, true, now(), false, false, 0 from social.relationships
  where other_id = '00000000-0000-4000-8000-000000000001'::uuid and person_id not in
    (select ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid from generate_series(4, 60003) n)
    and person_id in (select id from identity.accounts where email like 'reader%')
  on conflict do nothing"
"${psql[@]}" -d "$database" -c "analyze social.relationships"
"${psql[@]}" -d "$database" -At -c "
  select 'followers of the three most followed: ' || string_agg(c::text, ', ') from (select count(*) c
  from social.relationships where other_id in ('00000000-0000-4000-8000-000000000001',
  '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003') group by other_id) t;
  select 'follows in all: ' || count(*) from social.relationships;
  select 'heavy authors: ' || count(*) from feed.heavy_authors;"

# every person has a timeline, as if all had read their feed lately: the fan-out writes to each
echo "making $people timelines"
python3 - "$people" "$prefix" <<'PY' | redis-cli --pipe > /dev/null
import sys
people, prefix = int(sys.argv[1]), sys.argv[2]
out = sys.stdout
def command(*args):
    out.write("*%d\r\n" % len(args))
    for a in args:
        a = str(a)
        out.write("$%d\r\n%s\r\n" % (len(a.encode()), a))
for n in range(4, people + 1):
    key = "%s{00000000-0000-4000-8000-%012x}" % (prefix, n)
    command("ZADD", key, 0, "!")
    command("EXPIRE", key, 1209600)
PY

# the readers' timelines are built by their first read
for token in $(cat "$work/tokens"); do
  curl -sf -H "Authorization: Bearer $token" "$base/api/v1/feed?size=20" > /dev/null
done
first_token=$(head -n 1 "$work/tokens")
curl -sf -H "Authorization: Bearer $first_token" "$base/api/v1/feed?size=20" > "$work/page.json"
echo "a first page: $(jq '.items | length' "$work/page.json") moments, $(wc -c < "$work/page.json") bytes, degraded: $(jq .degraded "$work/page.json")"

# 1. the first page against the bare endpoint
classpath=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
"${app_pin[@]}" "$java" -Xmx256m -cp "target/test-classes:$classpath" bench.feed.BareEndpoint --server.port=$bare_port \
  --bare.body="$work/page.json" --logging.level.root=WARN > "$work/bare.log" 2>&1 &
bare=$!
until curl -sf "http://localhost:$bare_port/api/v1/feed" > /dev/null 2>&1; do sleep 1; done
run_wrk() { # url, label
  TOKENS="$work/tokens" "${load_pin[@]}" wrk -t2 -c"$connections" -d5s -s bench/feed/feed.lua "$1" > /dev/null
  TOKENS="$work/tokens" "${load_pin[@]}" wrk -t2 -c"$connections" -d"$duration" -s bench/feed/feed.lua "$1" \
    | grep RESULT | sed "s/^RESULT/$2/"
}
run_wrk "$base" "feed " | tee "$work/feed.txt"
run_wrk "http://localhost:$bare_port" "bare " | tee "$work/bare.txt"
kill $bare; wait $bare 2>/dev/null || true; bare=

# 2. from posting to every follower's timeline
metric() { curl -sf -H "Authorization: Bearer $ops" "$base/actuator/metrics/yuelv.feed.fanout.delivery" \
  | jq -r "[.measurements[] | select(.statistic == \"$1\") | .value][0]"; }
for author in ordinary big; do
  : > "$work/$author.ms"
  for i in $(seq 1 20); do
    count=$(metric COUNT); total=$(metric TOTAL_TIME)
    curl -sf -H "Authorization: Bearer ${author_token[$author]}" -H 'Content-Type: application/json' \
      "$base/api/v1/moments" -d "{\"text\":\"$author $i\"}" > /dev/null
    until [ "$(metric COUNT)" != "$count" ]; do sleep 0.05; done
    python3 -c "print(round(($(metric TOTAL_TIME) - $total) * 1000, 1))" >> "$work/$author.ms"
  done
  echo "$author: $(python3 -c "
import statistics, sys
ms = sorted(float(x) for x in open('$work/$author.ms'))
print('posts %d, p50 %.0f ms, p99 %.0f ms, max %.0f ms' % (len(ms), statistics.median(ms), ms[int(len(ms) * 0.99) - 1 if len(ms) >= 100 else -1], ms[-1]))")"
done
echo "fan-out inserts per second (the 9,000-follower author): $(python3 -c "
import statistics
ms = [float(x) for x in open('$work/big.ms')]
print('%.0f' % (9000 / (statistics.median(ms) / 1000)))")"
# the famous author is read by fan-in: a reader that follows them sees the moment on the first read after the post
famous_reader=$first_token
: > "$work/famous.ms"
for i in $(seq 1 20); do
  start=$(date +%s%N)
  moment=$(curl -sf -H "Authorization: Bearer ${author_token[famous]}" -H 'Content-Type: application/json' \
    "$base/api/v1/moments" -d "{\"text\":\"famous $i\"}" | jq -r .id)
  until curl -sf -H "Authorization: Bearer $famous_reader" "$base/api/v1/feed?size=20" | jq -e \
    --arg m "$moment" '.items | any(.id == $m)' > /dev/null; do sleep 0.01; done
  echo $(( ($(date +%s%N) - start) / 1000000 )) >> "$work/famous.ms"
done
echo "famous (fan-in): $(sort -n "$work/famous.ms" | awk '{a[NR]=$1} END {print "posts " NR ", p50 " a[int(NR/2)+1] " ms, max " a[NR] " ms"}')"

# 3. Redis memory per 1,000,000 timeline entries: 1,250 timelines of 800 entries, as the application writes them
before=$(redis-cli info memory | grep '^used_memory:' | tr -d '\r' | cut -d: -f2)
python3 - "$prefix" <<'PY' | redis-cli --pipe > /dev/null
import sys, uuid, random, time
prefix = sys.argv[1]
out = sys.stdout
now = int(time.time() * 1000)
for t in range(1250):
    args = ["ZADD", "%smemory:{%s}" % (prefix, uuid.uuid4()), "0", "!"]
    for e in range(800):
        args += [str(now - random.randrange(90 * 86400000)), "%s:%s" % (uuid.uuid4(), uuid.uuid4())]
    out.write("*%d\r\n" % len(args))
    for a in args:
        out.write("$%d\r\n%s\r\n" % (len(a), a))
PY
after=$(redis-cli info memory | grep '^used_memory:' | tr -d '\r' | cut -d: -f2)
echo "Redis memory per 1,000,000 timeline entries: $(( (after - before) / 1024 / 1024 )) MiB"
