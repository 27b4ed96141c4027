#!/usr/bin/env bash
# Moves booking's schema, filled with ROWS join requests, from a PostgreSQL server of the benchmark's own
# (wal_level=logical, made with the machine's PostgreSQL programs) to a database of the machine's server, while pgbench
# writes to it as booking would, and prints how long each step took and how long writes were refused.
#
#   bench/schema-move.sh [ROWS]      (default 1000000; run as root or as the postgres user)
#
# Needs the machine's PostgreSQL on localhost:5432 and its programs (initdb, pg_ctl, pgbench) under
# /usr/lib/postgresql. The migrations are the project's own (src/main/resources/db/migration).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=$((20000 + RANDOM % 10000))
dir=$(mktemp -d /tmp/yuelv-schema-move.XXXX)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
cleanup() {
  as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
now() { date +%s.%N; }
took() { awk -v from="$1" -v to="$2" 'BEGIN {printf "%.1f", to - from}'; }

as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c wal_level=logical" start >/dev/null
from="host=127.0.0.1 port=$port dbname=yuelv user=postgres"
to="host=localhost port=5432 dbname=yuelv_bench_move user=postgres"
psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database yuelv"
# a subscription that an interrupted run left keeps its database from being dropped
if psql -h localhost -U postgres -d yuelv_bench_move -Atc "select 1" >/dev/null 2>&1; then
  for subscription in $(psql -h localhost -U postgres -d yuelv_bench_move -Atc "select subname from pg_subscription"); do
    psql -h localhost -U postgres -d yuelv_bench_move -q -c "alter subscription $subscription disable" \
      -c "alter subscription $subscription set (slot_name = none)" -c "drop subscription $subscription"
  done
fi
psql -h localhost -U postgres -qc "drop database if exists yuelv_bench_move with (force)" -c "create database yuelv_bench_move"

# booking's schema and history as its migrations leave them, the platform's outbox and inbox, and the data
{
  cat src/main/resources/db/migration/platform/V1__*.sql src/main/resources/db/migration/platform/V3__*.sql
  echo "create table platform.event_publication (id uuid primary key, listener_id text not null,
    event_type text not null, completion_date timestamptz);"
  for file in $(ls src/main/resources/db/migration/booking/*.sql | sort -V); do cat "$file"; echo; done
  echo "create table public.flyway_schema_history_booking (installed_rank int primary key, version text,
    script text not null, success boolean not null);
  insert into public.flyway_schema_history_booking
    select row_number() over (), v, s, true from (values ('1', 'V1'), ('2', 'V2'), ('3', 'V3'), ('4', 'V4')) t(v, s);
  insert into booking.rosters (trip_id, organizer_id, trip_title, start_date, end_date, capacity, taken, offered,
      cancelled, created_at, active_requests)
    select gen_random_uuid(), gen_random_uuid(), 'trip ' || i, date '2027-05-01', date '2027-05-05', 12, 0, 0, false,
      now(), 0 from generate_series(1, greatest($rows / 50, 1)) i;
  insert into booking.join_requests (id, trip_id, traveler_id, message, status, requested_at)
    select gen_random_uuid(), r.trip_id, gen_random_uuid(), '同行吗？', 'PENDING', now()
    from booking.rosters r, generate_series(1, 50) i limit $rows;
  insert into platform.event_inbox select gen_random_uuid(), 'booking', 'trip.TripPublished', now()
    from generate_series(1, 1000);
  create role yuelv_trips login;
  grant usage on schema booking to yuelv_trips;
  grant select, insert, update, delete on all tables in schema booking to yuelv_trips;"
} | psql "$from" -q -v ON_ERROR_STOP=1 >/dev/null
echo "source: $(psql "$from" -Atc "select pg_size_pretty(pg_total_relation_size('booking.join_requests'))") of join requests ($rows rows)"

# booking's writes, as its deployment's role: a join request and its roster's version per transaction, as fast as one
# client goes
cat > "$dir/write.sql" <<'SQL'
\set n random(1, 1000000)
begin;
insert into booking.join_requests (id, trip_id, traveler_id, message, status, requested_at)
  select gen_random_uuid(), trip_id, gen_random_uuid(), 'pgbench', 'PENDING', now() from booking.rosters limit 1;
update booking.rosters set version = version + 1
  where trip_id = (select trip_id from booking.rosters order by trip_id limit 1);
commit;
SQL
pgbench -h 127.0.0.1 -p "$port" -U yuelv_trips -n -c 1 -T 3600 -f "$dir/write.sql" yuelv > "$dir/pgbench.log" 2>&1 &
writer=$!

started=$(now)
bash deploy/database/move-schema.sh start booking --from "$from" --to "$to"
until ! bash deploy/database/move-schema.sh status booking --from "$from" --to "$to" > "$dir/status" \
    || ! grep -qE 'waiting|copying|catching-up' "$dir/status"; do
  sleep 0.5
done
copied=$(now)
sleep 5   # streaming under writes
bash deploy/database/move-schema.sh status booking --from "$from" --to "$to" | tail -n 1
switch_started=$(now)
bash deploy/database/move-schema.sh switch booking --from "$from" --to "$to"
switched=$(now)
wait "$writer" || true
source_rows=$(psql "$from" -Atc "select count(*) from booking_moved.join_requests")
target_rows=$(psql "$to" -Atc "select count(*) from booking.join_requests")
echo "copy until streaming: $(took "$started" "$copied") s; switch: $(took "$switch_started" "$switched") s;" \
  "rows at the source $source_rows, at the target $target_rows"
grep -E "number of transactions actually processed|tps" "$dir/pgbench.log" | head -n 2 || true
