#!/usr/bin/env bash
# Moves one module's schema to another database, on the same server or another, with its data and while the module
# goes on writing until the switch (docs/season-change.md, "Moving a module's data"):
#
#   move-schema.sh start  <module> --from <conninfo> --to <conninfo> [--publisher <conninfo>]
#   move-schema.sh status <module> --from <conninfo> --to <conninfo>
#   move-schema.sh switch <module> --from <conninfo> --to <conninfo> [--timeout <seconds>]
#   move-schema.sh abort  <module> --from <conninfo> --to <conninfo>
#
# start   copies the definitions of the module's tables, and its migrations' history table, to the target (and the
#         platform's, the outbox and the inbox, when the target has none yet), publishes them at the source and
#         subscribes to them at the target: PostgreSQL's logical replication copies every row, then streams each
#         change. The source needs wal_level=logical. --publisher is the source as the target's server reaches it,
#         when that differs from --from.
# status  says per table whether it is waiting, copying, catching-up (copied, applying the changes made meanwhile)
#         or streaming, and how many bytes of changes the target has not yet confirmed.
# switch  ends the move, once the module's deployment has drained (the source keeps no unfinished event publication
#         of the module): it takes every role's right to change the module's tables at the source, waits until the
#         target holds exactly the source's rows (count and digest per table), carries the module's inbox entries,
#         data keys and sequences over, stops replicating and renames the source's copy to <module>_moved, so that
#         nothing can use it by mistake. From the fence on, the module's writes are refused: this is the only pause,
#         and it lasts as long as the last changes take to arrive. Then point the module's deployment at the target
#         (split-config/data.yaml) and start it there.
# abort   before the switch: stops replicating and drops the target's copy; the source is untouched.
#
# A conninfo is libpq's, e.g. 'host=db1 port=5432 dbname=yuelv user=postgres'; the commands run as a superuser on
# both sides. Exit status: 0 done, 1 failed, 2 refused (the reason is printed; nothing was changed).
set -euo pipefail

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
refuse() { echo "move-schema: $*" >&2; exit 2; }

command=${1:-}; module=${2:-}
[ -n "$command" ] && [ -n "$module" ] || usage
shift 2
from=; to=; publisher=; timeout=300
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from=${2:?}; shift 2 ;;
    --to) to=${2:?}; shift 2 ;;
    --publisher) publisher=${2:?}; shift 2 ;;
    --timeout) timeout=${2:?}; shift 2 ;;
    *) refuse "unknown option '$1'" ;;
  esac
done
[ -n "$from" ] && [ -n "$to" ] || usage
[[ "$module" =~ ^[a-z][a-z0-9_]{0,40}$ ]] || refuse "'$module' is not a module name"
[[ "$timeout" =~ ^[0-9]+$ ]] || refuse "--timeout must be a number of seconds, not '$timeout'"
publisher=${publisher:-$from}
name="yuelv_move_$module"
history="flyway_schema_history_$module"

src() { psql "$from" -X -q -v ON_ERROR_STOP=1 -At "$@"; }
dst() { psql "$to" -X -q -v ON_ERROR_STOP=1 -At "$@"; }
quoted() { printf "'%s'" "${1//\'/\'\'}"; }
now() { date +%s.%N; }
took() { awk -v from="$1" -v to="$2" 'BEGIN {printf "%.1f", to - from}'; }

has_schema() { [ "$("$1" -c "select count(*) from pg_namespace where nspname = '$2'")" = 1 ]; }
subscribed() { [ "$(dst -c "select count(*) from pg_subscription where subname = '$name'")" = 1 ]; }

# the module's tables, and its history's, as "schema.table" lines in a stable order
tables() {
  "$1" -c "select format('%I.%I', schemaname, tablename) from pg_tables
    where schemaname = '$module' or (schemaname = 'public' and tablename = '$history') order by 1"
}

# count and digest (the sum of the rows' hashes) of each of the module's tables: equal on both sides once the target
# caught up
digests() {
  local side=$1 table
  for table in $(tables src); do
    printf '%s %s\n' "$table" "$("$side" -c "select count(*) || ' ' || coalesce(sum(hashtextextended(r::text, 0)), 0)
      from $table r")"
  done
}

start() {
  [ "$(src -c 'show wal_level')" = logical ] || refuse "the source's wal_level is $(src -c 'show wal_level');" \
    "logical replication needs wal_level=logical there (ALTER SYSTEM SET wal_level = logical, then restart it)"
  has_schema src "$module" || refuse "the source has no schema '$module'"
  ! has_schema dst "$module" || refuse "the target has a schema '$module' already; 'abort' drops an unfinished move's"
  [ "$(src -c "select count(*) from pg_tables where schemaname = 'public' and tablename = '$history'")" = 1 ] \
    || refuse "the source has no migrations' history for '$module' (public.$history)"
  local keyless
  keyless=$(src -c "select string_agg(format('%I.%I', n.nspname, c.relname), ', ') from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname = '$module'
      and not exists (select from pg_index i where i.indrelid = c.oid and i.indisprimary)")
  [ -z "$keyless" ] || refuse "tables without a primary key cannot replicate their updates and deletes: $keyless"
  local same
  same=$( [ "$(src -c 'select system_identifier from pg_control_system()')" = \
            "$(dst -c 'select system_identifier from pg_control_system()')" ] && echo yes || echo no)

  pg_dump "$from" --schema-only --no-owner --no-privileges --schema="$module" | dst >/dev/null
  pg_dump "$from" --schema-only --no-owner --no-privileges --table="public.$history" | dst >/dev/null
  if ! has_schema dst platform; then
    # the outbox and the inbox, with their history, so that the deployment starting there finds them migrated
    pg_dump "$from" --schema-only --no-owner --no-privileges --schema=platform | dst >/dev/null
    if [ "$(src -c "select count(*) from pg_tables where schemaname = 'public'
        and tablename = 'flyway_schema_history_platform'")" = 1 ]; then
      pg_dump "$from" --no-owner --no-privileges --table=public.flyway_schema_history_platform | dst >/dev/null
    fi
  fi
  src -c "create publication $name for tables in schema $module, table public.$history"
  if [ "$same" = yes ]; then
    # a subscription cannot create its slot in its own server while it is being created; the slot comes first
    src -c "select pg_create_logical_replication_slot('$name', 'pgoutput')" >/dev/null
    dst -c "create subscription $name connection $(quoted "$publisher") publication $name
      with (create_slot = false, slot_name = '$name')"
  else
    dst -c "create subscription $name connection $(quoted "$publisher") publication $name"
  fi
  echo "Replicating $module: $(tables src | wc -l) tables. 'status' tells when the copy is done; then 'switch'."
}

status() {
  subscribed || refuse "no move of '$module' is under way"
  dst -c "select format('%s.%s %s', n.nspname, c.relname, case r.srsubstate when 'r' then 'streaming'
      when 's' then 'catching-up' when 'f' then 'catching-up' when 'd' then 'copying' else 'waiting' end)
    from pg_subscription_rel r join pg_subscription s on s.oid = r.srsubid
    join pg_class c on c.oid = r.srrelid join pg_namespace n on n.oid = c.relnamespace
    where s.subname = '$name' order by 1"
  echo "behind: $(src -c "select coalesce((select pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)
    from pg_replication_slots where slot_name = '$name'), 0)::bigint") bytes"
}

switch() {
  subscribed || refuse "no move of '$module' is under way; 'start' begins one"
  local copying unfinished
  copying=$(dst -c "select count(*) from pg_subscription_rel r join pg_subscription s on s.oid = r.srsubid
    where s.subname = '$name' and r.srsubstate <> 'r'")
  [ "$copying" = 0 ] || refuse "$copying tables are still being copied; 'status' tells when they are done"
  if has_schema src platform; then
    unfinished=$(src -c "select count(*) from platform.event_publication where completion_date is null
      and (listener_id like 'com.yuelv.$module.%' or event_type like 'com.yuelv.$module.%')")
    [ "$unfinished" = 0 ] || refuse "$unfinished event publications of '$module' are unfinished at the source;" \
      "let its deployment drain them before it stops"
  fi

  local fenced started caught digest_from digest_to
  started=$(now)
  # the fence: every role but the owner loses the right to change the module's tables, then a lock waits for the
  # writes in flight; whatever committed is before the lock, and nothing commits after it
  fenced=$(src -c "select coalesce(string_agg(distinct a.grantee::regrole::text, ' '), '')
    from pg_class c join pg_namespace n on n.oid = c.relnamespace, aclexplode(c.relacl) a
    where n.nspname = '$module' and c.relkind in ('r', 'p') and a.grantee <> 0 and a.grantee <> c.relowner
      and a.privilege_type in ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')")
  src -c "revoke insert, update, delete, truncate on all tables in schema $module from public"
  for role in $fenced; do
    src -c "revoke insert, update, delete, truncate on all tables in schema $module from $role"
  done
  src -c "begin; lock table $(tables src | paste -sd, -) in share mode; commit"

  while :; do
    # the source's too, each time: a superuser is not fenced
    digest_from=$(digests src)
    digest_to=$(digests dst)
    [ "$digest_to" = "$digest_from" ] && break
    if [ "$(took "$started" "$(now)" | cut -d. -f1)" -ge "$timeout" ]; then
      echo "move-schema: the target has not caught up after ${timeout}s; the source stays fenced (roles: ${fenced:-none})." >&2
      diff <(echo "$digest_from") <(echo "$digest_to") >&2 || true
      exit 1
    fi
    sleep 0.2
  done
  caught=$(now)

  # sequences are not replicated: the target's start where the source's are
  src -c "select format('select setval(%L, %s, %s);', format('%I.%I', schemaname, sequencename), last_value, 'true')
    from pg_sequences where schemaname = '$module' and last_value is not null" | dst >/dev/null
  # the module's inbox entries: an event taken in before the move is recognised after it
  if has_schema src platform; then
    local inbox
    inbox=$(mktemp)
    src -c "\\copy (select event_id, module, event_type, received_at from platform.event_inbox where module = '$module') to '$inbox'"
    dst <<SQL
create temporary table inbox_moved (like platform.event_inbox);
\\copy inbox_moved from '$inbox'
insert into platform.event_inbox select * from inbox_moved on conflict do nothing;
SQL
    rm -f "$inbox"
    # the module's data keys, under the key-encryption key every deployment shares: its sealed fields open there
    if [ "$(src -c "select count(*) from pg_tables where schemaname = 'platform' and tablename = 'data_keysets'")" = 1 ]; then
      local keys
      keys=$(mktemp)
      src -c "\\copy (select * from platform.data_keysets where module = '$module') to '$keys'"
      dst <<SQL
create temporary table keys_moved (like platform.data_keysets);
\\copy keys_moved from '$keys'
insert into platform.data_keysets select * from keys_moved on conflict (module) do update
  set keyset = excluded.keyset, index_keyset = excluded.index_keyset, version = excluded.version,
      updated_at = excluded.updated_at;
SQL
      rm -f "$keys"
    fi
  fi
  dst -c "drop subscription $name"
  src -c "drop publication $name"
  src -c "alter schema $module rename to ${module}_moved; alter table public.$history rename to ${history}_moved"
  echo "Switched $module: the source fenced ${fenced:-no roles}; the target caught up in $(took "$started" "$caught") s;" \
    "writes paused $(took "$started" "$(now)") s. Point the module's deployment at the target and start it."
}

abort() {
  subscribed || [ "$(src -c "select count(*) from pg_publication where pubname = '$name'")" = 1 ] \
    || refuse "no move of '$module' is under way (after a switch, the target's copy is the module's data)"
  if subscribed; then dst -c "drop subscription $name"; fi
  src -c "drop publication if exists $name"
  if [ "$(src -c "select count(*) from pg_replication_slots where slot_name = '$name'")" = 1 ]; then
    src -c "select pg_drop_replication_slot('$name')" >/dev/null
  fi
  dst -c "drop schema if exists $module cascade; drop table if exists public.$history"
  echo "Aborted the move of $module; the source is as it was."
}

case "$command" in
  start|status|switch|abort) "$command" ;;
  *) usage ;;
esac
