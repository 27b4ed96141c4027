#!/usr/bin/env bash
# The split on one machine: every deployment of a topology as its own JVM, on the machine's PostgreSQL (a database
# per deployment), Redis and RabbitMQ (a virtual host of the run's own), behind nginx on port 8080 with the generated
# edge routing (deploy/nginx/<topology>.conf).
#
#   deploy/local/split.sh start [topology]   build the JAR if there is none, start everything, wait until ready
#   deploy/local/split.sh stop               stop the deployments and the edge, drop the run's virtual host
#   deploy/local/split.sh status             what runs
#   deploy/local/split.sh restart NAME       start one deployment again, as it was started, and wait until ready
#
# The topology defaults to peak-season; its plan (ports, modules, peers) is deploy/local/<topology>.tsv, written by
# ./mvnw -Psplit. Every start begins with empty databases. Logs and state: target/split-run (YUELV_SPLIT_RUN).
# YUELV_SPLIT_CLASSPATH runs the deployments from a class path instead of the JAR (the end-to-end test does);
# YUELV_SPLIT_ARGS adds arguments to every deployment (bench/split/scenario.py raises the rate limits with it).
set -euo pipefail
cd "$(dirname "$0")/../.."
action=${1:-start}
topology=${2:-peak-season}
run=$(realpath -m "${YUELV_SPLIT_RUN:-target/split-run}")
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
vhost=yuelv-split-run
edge=8080
# databases, the virtual host and the ports are the machine's: one split run at a time, whatever its directory
lock=${TMPDIR:-/tmp}/yuelv-split-run.lock

deployments() { # name port modules peers, one line each
  grep -v '^#' "deploy/local/$1.tsv"
}

ready() { # port -> whether the deployment answers readiness UP
  curl -sf "http://127.0.0.1:$1/actuator/health/readiness" 2>/dev/null | grep -q UP
}

launch_deployment() { # name: runs its saved command in the background
  nohup bash "$run/$1.command" >> "$run/$1.log" 2>&1 &
  echo $! > "$run/$1.pid"
}

start() {
  if [ -f "$run/topology" ]; then
    echo "A split run is already up ($(cat "$run/topology")); stop it first: $0 stop" >&2
    exit 1
  fi
  if [ -f "$lock" ] && [ "$(cat "$lock")" != "$run" ] && [ -f "$(cat "$lock")/topology" ]; then
    echo "Another split run is up in $(cat "$lock"); stop it first: YUELV_SPLIT_RUN=$(cat "$lock") $0 stop" >&2
    exit 1
  fi
  echo "$run" > "$lock"
  # a start that fails half-way stops what it started
  trap 'status=$?; if [ $status -ne 0 ]; then echo "start failed; stopping what was started" >&2; stop >&2; fi' EXIT
  local plan="deploy/local/$topology.tsv"
  [ -f "$plan" ] || { echo "No plan $plan; run ./mvnw -Psplit process-test-classes -Dsplit.topology=split-config/$topology.yaml" >&2; exit 1; }
  local launch
  if [ -n "${YUELV_SPLIT_CLASSPATH:-}" ]; then
    launch=(-cp "$YUELV_SPLIT_CLASSPATH" com.yuelv.YuelvApplication)
  else
    local jar
    jar=$(ls target/yuelv-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
    if [ -z "$jar" ]; then
      ./mvnw -q -B package -DskipTests
      jar=$(ls target/yuelv-*.jar | grep -v original | head -n 1)
    fi
    launch=(-jar "$jar")
  fi
  rm -rf "$run"
  mkdir -p "$run"
  echo "$topology" > "$run/topology"

  rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true
  rabbitmqctl -q add_vhost "$vhost" >/dev/null
  rabbitmqctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null
  head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > "$run/page-token-secret"

  local first=1
  while read -r name port modules peers; do
    local db="yuelv_split_${name//-/_}"
    psql -h localhost -U postgres -qc "set client_min_messages = warning" -c "drop database if exists $db with (force)" -c "create database $db" >/dev/null
    local args=(--server.port="$port" --spring.profiles.active=postgres,redis --yuelv.data-dir="$run/$name"
      --yuelv.jwt.key-file="$run/jwt-signing-key.pem" --yuelv.split.modules="$modules"
      --spring.rabbitmq.virtual-host="$vhost" --yuelv.rate-limits.trusted-proxies=127.0.0.1)
    if [ -n "${YUELV_SPLIT_ARGS:-}" ]; then
      read -r -a extra <<< "$YUELV_SPLIT_ARGS"
      args+=("${extra[@]}")
    fi
    if [ "$peers" != "-" ]; then
      for peer in ${peers//,/ }; do args+=(--yuelv.split.peers."${peer%%=*}"="${peer#*=}"); done
    fi
    {
      printf 'export YUELV_DB_NAME=%q YUELV_PAGE_TOKEN_SECRET=%q YUELV_RABBITMQ_HEALTH=true\n' "$db" \
        "$(cat "$run/page-token-secret")"
      printf 'exec %q' "$java"; printf ' %q' "${launch[@]}" "${args[@]}"; printf '\n'
    } > "$run/$name.command"
    launch_deployment "$name"
    echo "$name: modules $modules on port $port (pid $!, log $run/$name.log)"
    if [ $first = 1 ]; then
      # the first deployment creates the signing key every deployment shares
      for _ in $(seq 1 600); do [ -s "$run/jwt-signing-key.pem" ] && break; sleep 0.1; done
      [ -s "$run/jwt-signing-key.pem" ] || { echo "$name did not create the signing key" >&2; exit 1; }
      first=0
    fi
  done < <(deployments "$topology")

  cat > "$run/nginx.conf" <<EOF
daemon on;
pid $run/nginx.pid;
error_log $run/nginx-error.log;
events {}
http {
    access_log $run/nginx-access.log;
    include $PWD/deploy/nginx/$topology.conf;
}
EOF
  nginx -p "$run" -c "$run/nginx.conf"

  local deadline=$((SECONDS + ${YUELV_SPLIT_START_TIMEOUT:-240}))
  while read -r name port _; do
    until ready "$port"; do
      if ! kill -0 "$(cat "$run/$name.pid")" 2>/dev/null; then
        echo "$name died; see $run/$name.log" >&2; tail -n 30 "$run/$name.log" >&2; exit 1
      fi
      [ $SECONDS -lt $deadline ] || { echo "$name is not ready; see $run/$name.log" >&2; exit 1; }
      sleep 0.5
    done
    echo "$name: ready"
  done < <(deployments "$topology")
  echo "edge: http://localhost:$edge"
  trap - EXIT
}

stop() {
  if [ -f "$run/nginx.pid" ]; then
    nginx -p "$run" -c "$run/nginx.conf" -s stop 2>/dev/null || true
  fi
  for pidfile in "$run"/*.pid; do
    [ -e "$pidfile" ] || continue
    [ "$(basename "$pidfile")" = nginx.pid ] && continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  for pidfile in "$run"/*.pid; do
    [ -e "$pidfile" ] || continue
    [ "$(basename "$pidfile")" = nginx.pid ] && continue
    local pid; pid=$(cat "$pidfile")
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true
  rm -f "$run/topology"
  if [ -f "$lock" ] && [ "$(cat "$lock")" = "$run" ]; then rm -f "$lock"; fi
  echo "stopped"
}

restart() { # name
  local name=$1 port
  [ -f "$run/$name.command" ] || { echo "No deployment $name in this run" >&2; exit 1; }
  if kill -0 "$(cat "$run/$name.pid" 2>/dev/null)" 2>/dev/null; then
    echo "$name is still running" >&2; exit 1
  fi
  port=$(awk -v name="$name" '$1 == name {print $2}' < <(deployments "$(cat "$run/topology")"))
  launch_deployment "$name"
  local deadline=$((SECONDS + ${YUELV_SPLIT_START_TIMEOUT:-240}))
  until ready "$port"; do
    kill -0 "$(cat "$run/$name.pid")" 2>/dev/null || { echo "$name died; see $run/$name.log" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "$name is not ready; see $run/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$name: ready"
}

status() {
  [ -f "$run/topology" ] || { echo "no split run"; return; }
  local topology; topology=$(cat "$run/topology")
  while read -r name port modules _; do
    if ready "$port"; then echo "$name ($modules): ready on $port"; else echo "$name ($modules): not ready"; fi
  done < <(deployments "$topology")
  curl -sf -o /dev/null "http://127.0.0.1:$edge/api/v1/trips" && echo "edge: up on $edge" || echo "edge: down"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart) restart "${2:?usage: $0 restart NAME}" ;;
  *) echo "usage: $0 start [topology] | stop | status | restart NAME" >&2; exit 2 ;;
esac
