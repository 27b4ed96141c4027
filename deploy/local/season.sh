#!/usr/bin/env bash
# Moves the running local system to another topology over the same data, with traffic running, and says how long
# each step took:
#
#   deploy/local/season.sh peak-season    from the off-season single JAR to the peak-season split
#   deploy/local/season.sh off-season     and back after the holidays
#
# The steps (docs/season-change.md has the runbook): start the new shape's deployments beside the old ones
# (split.sh add) and wait until every one is ready, a search deployment only once its index has caught up; switch the
# edge (split.sh route: HAProxy reloads, requests in flight finish where they are); drain the old shape until no event
# publication older than a few seconds is unfinished and, when the old shape is a split, its event queues are empty;
# stop it (split.sh retire: Spring's graceful shutdown). Messages left in the queues stop the move until the deployment
# that consumes them runs again. Running it again after a failure resumes where it stopped; running it with the old
# topology rolls back. Needs a run started with deploy/local/split.sh start.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:?usage: $0 peak-season|off-season}
run=$(realpath -m "${YUELV_SPLIT_RUN:-target/split-run}")
vhost=yuelv-split-run
split() { bash deploy/local/split.sh "$@"; }
[ -f "$run/topology" ] || { echo "No run is up; start one first: deploy/local/split.sh start off-season" >&2; exit 1; }
current=$(cat "$run/topology")
db=$(cat "$run/prepared")
drain_timeout=${YUELV_SEASON_DRAIN_TIMEOUT:-60}

now() { date +%s.%N; }
took() { awk -v from="$1" -v to="$2" 'BEGIN {printf "%.1f", to - from}'; }

unfinished() { # event publications older than 5 s that no listener finished: in flight elsewhere, or left behind
  psql -h localhost -U postgres -d "$db" -Atc "select count(*) from platform.event_publication
    where completion_date is null and publication_date < now() - interval '5 seconds'"
}

queued() { # messages in the event queues, delivered or not
  rabbitmqctl -q list_queues -p "$vhost" name messages 2>/dev/null \
    | awk '$1 ~ /^yuelv\.events\.[a-z]+$/ {sum += $2} END {print sum + 0}'
}

ready_all() { # topology -> whether every deployment of it is ready
  local port
  for port in $(grep -v '^#' "deploy/local/$1.tsv" | cut -f2); do
    curl -sf "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null | grep -q UP || return 1
  done
}

if [ "$current" = "$target" ] && ! grep -qxv "$target" "$run/shapes"; then
  echo "The edge routes to $target and nothing else runs"; exit 0
fi
started=$(now)
if ! grep -qx "$target" "$run/shapes"; then
  echo "== starting $target beside $current"
  split add "$target"
fi
deadline=$((SECONDS + ${YUELV_SPLIT_START_TIMEOUT:-240}))
until ready_all "$target"; do
  if [ $SECONDS -ge $deadline ]; then
    echo "A deployment of $target is not ready. Start it again (deploy/local/split.sh restart NAME) and run this" \
      "again, or roll back: deploy/local/split.sh retire $target" >&2
    exit 1
  fi
  sleep 0.5
done
up=$(now)

if [ "$current" != "$target" ]; then
  echo "== routing the edge to $target"
  split route "$target"
fi
routed=$(now)

old=$(grep -vx "$target" "$run/shapes" || true)
for shape in $old; do
  echo "== draining $shape"
  deadline=$((SECONDS + drain_timeout))
  split_shape=$(grep -vc '^#' "deploy/local/$shape.tsv")
  while true; do
    left=$(unfinished)
    messages=0
    [ "$split_shape" -gt 1 ] && messages=$(queued)
    [ "$left" = 0 ] && [ "$messages" = 0 ] && break
    if [ $SECONDS -ge $deadline ]; then
      if [ "$messages" != 0 ]; then
        # only the old shape's deployments consume the queues: stopped now, their messages would wait for nobody
        echo "After ${drain_timeout}s, $messages message(s) still wait in the event queues: a deployment of $shape that" \
          "consumes them is down. Start it again (deploy/local/split.sh restart NAME) and run this again." >&2
        exit 1
      fi
      echo "   after ${drain_timeout}s: $left publication(s) unfinished; the deployments that host their listeners" \
        "deliver them (marked failed when stale, then resubmitted)"
      break
    fi
    sleep 0.5
  done
  echo "== stopping $shape"
  split retire "$shape"
done
done_at=$(now)

echo "moved to $target: new shape ready in $(took "$started" "$up") s; switched in $(took "$up" "$routed") s;" \
  "old shape drained and stopped in $(took "$routed" "$done_at") s; the move after the start $(took "$up" "$done_at") s"
