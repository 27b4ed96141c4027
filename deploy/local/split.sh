#!/usr/bin/env bash
# A topology on one machine: every deployment as its own JVM on the machine's PostgreSQL, Redis and RabbitMQ (a
# virtual host of the run's own), behind HAProxy on port 8080 with the generated edge
# (deploy/haproxy/<topology>.cfg). Every topology works on the same database (split-config/data.yaml), each deployment
# as its own role (deploy/database/<topology>.sql), so a run starts from the data the previous one left.
#
#   deploy/local/split.sh start [topology]   build the JAR if there is none, start everything, wait until ready
#   deploy/local/split.sh stop               stop every deployment and the edge, drop the run's virtual host
#   deploy/local/split.sh status             what runs, and which topology the edge routes to
#   deploy/local/split.sh restart NAME       start one deployment again, as it was started, and wait until ready
#                                            and the edge sends it requests
#   deploy/local/split.sh add TOPOLOGY       start a second topology's deployments beside the running ones
#   deploy/local/split.sh route TOPOLOGY     send the edge's traffic to that topology (HAProxy reloads seamlessly)
#   deploy/local/split.sh retire TOPOLOGY    stop that topology's deployments (in-flight requests finish)
#
# deploy/local/season.sh moves a running system from one topology to the other with add, route and retire.
# The topology defaults to peak-season; its plan (ports, modules, peers, database, role, heap) is
# deploy/local/<topology>.tsv, written by ./mvnw -Psplit. YUELV_SPLIT_DB names another database than the plan's, and
# YUELV_SPLIT_FRESH=1 empties it first. Logs and state: target/split-run (YUELV_SPLIT_RUN).
# YUELV_SPLIT_CLASSPATH runs the deployments from a class path instead of the JAR (the tests do), and
# YUELV_SPLIT_ARTIFACTS=1 each from its own artifact in target/split (./mvnw -Psplit package);
# YUELV_SPLIT_ARGS adds arguments to every deployment (bench/split/scenario.py raises the rate limits with it).
# A deployment whose topology names a canary runs a second process, <deployment>-canary, on a port of its own, from
# the JAR in YUELV_SPLIT_CANARY_JAR (the other version) or else the same build; the edge sends it its share.
# The payment provider is the sandbox (tools/payment-sandbox), started with the run on port 8099
# (YUELV_SANDBOX_PORT), its webhooks sent through the edge.
# What operators see runs beside it (YUELV_SPLIT_OBSERVE=0 leaves it out): a Zipkin server on port 9411
# (YUELV_ZIPKIN_PORT; its jar is target/zipkin/zipkin.jar, copied by ./mvnw test-compile) that every deployment sends
# its spans to, and the machine's Prometheus on port 9090 (YUELV_PROMETHEUS_PORT) with deploy/prometheus/rules.yml,
# scraping every deployment of every running topology (targets in $run/prometheus-targets.json, rewritten by start,
# add and retire).
set -euo pipefail
cd "$(dirname "$0")/../.."
action=${1:-start}
run=$(realpath -m "${YUELV_SPLIT_RUN:-target/split-run}")
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
vhost=yuelv-split-run
edge=8080
sandbox_port=${YUELV_SANDBOX_PORT:-8099}
observe=${YUELV_SPLIT_OBSERVE:-1}
zipkin_port=${YUELV_ZIPKIN_PORT:-9411}
prometheus_port=${YUELV_PROMETHEUS_PORT:-9090}
owner=$(awk '$1 == "owner:" {print $2}' split-config/data.yaml)
# the virtual host and the ports are the machine's: one run at a time, whatever its directory
lock=${TMPDIR:-/tmp}/yuelv-split-run.lock
# the key-encryption key of a database's data keys: kept apart from the run and the build, since the database outlives
# both and its sealed data must open in the next run
keys=${YUELV_SPLIT_KEYS:-${XDG_DATA_HOME:-$HOME/.local/share}/yuelv}

deployments() { # topology -> name port modules peers database role, one line each
  grep -v '^#' "deploy/local/$1.tsv"
}

shapes() { # the topologies whose deployments run
  cat "$run/shapes" 2>/dev/null || true
}

ready() { # port -> whether the deployment answers readiness UP
  curl -sf "http://127.0.0.1:$1/actuator/health/readiness" 2>/dev/null | grep -q UP
}

launch_deployment() { # name: runs its saved command in the background
  nohup bash "$run/$1.command" >> "$run/$1.log" 2>&1 &
  echo $! > "$run/$1.pid"
}

psql_admin() { # database, psql arguments...
  local database=$1; shift
  psql -h localhost -U postgres -d "$database" -v ON_ERROR_STOP=1 -q "$@"
}

plan() { # topology -> the plan's file, or a message how to write it
  local plan="deploy/local/$1.tsv"
  [ -f "$plan" ] || { echo "No plan $plan; run ./mvnw -Psplit process-test-classes -Dsplit.topology=split-config/$1.yaml" >&2; exit 1; }
}

database_of() { # topology -> the database its deployments use
  if [ -n "${YUELV_SPLIT_DB:-}" ]; then echo "$YUELV_SPLIT_DB"; else deployments "$1" | awk 'NR == 1 {print $5}'; fi
}

prepare_database() { # topology: creates the database if there is none (emptied first with YUELV_SPLIT_FRESH=1), then its roles
  local topology=$1 db
  db=$(database_of "$topology")
  if [ "${YUELV_SPLIT_FRESH:-0}" = 1 ] && [ ! -s "$run/prepared" ]; then
    psql_admin postgres -c "set client_min_messages = warning" -c "drop database if exists $db with (force)"
  fi
  if [ -z "$(psql -h localhost -U postgres -d postgres -Atc "select 1 from pg_database where datname = '$db'")" ]; then
    psql_admin postgres -c "create database $db"
  fi
  psql_admin "$db" -c "set client_min_messages = warning" -f "deploy/database/$topology.sql" >/dev/null
  echo "$db" > "$run/prepared"
}

launch_shape() { # topology: starts its deployments and waits until they are ready
  local topology=$1 launch
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
  prepare_database "$topology"
  local db
  db=$(database_of "$topology")
  echo "$topology" >> "$run/shapes"

  if [ ! -s "$run/jwt-signing-key.pem" ]; then
    # the access tokens' key: whole for the deployment that signs them (identity's), its public half for the others
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$run/jwt-signing-key.pem" 2>/dev/null
    chmod 600 "$run/jwt-signing-key.pem"
    openssl pkey -in "$run/jwt-signing-key.pem" -pubout -out "$run/jwt-public-key.pem"
  fi

  while read -r name port modules peers _ role heap deployment grants; do
    local token_key="$run/jwt-public-key.pem"
    if [[ ",$modules," == *",identity,"* ]]; then token_key="$run/jwt-signing-key.pem"; fi
    # a canary runs as its deployment: the same name, role, peers and traffic settings, on a port of its own
    local args=(--server.port="$port" --spring.profiles.active=postgres,redis --yuelv.data-dir="$run/$name"
      --yuelv.split.deployment="$deployment"
      --yuelv.jwt.key-file="$token_key" --yuelv.keys.kek-file="$keys/$db-key-encryption-key.bin"
      --yuelv.split.identity.key-file="$run/identities/$deployment.pem" --yuelv.split.identity.peer-keys="$run/peer-keys"
      --yuelv.split.modules="$modules"
      --spring.rabbitmq.virtual-host="$vhost" --yuelv.rate-limits.trusted-proxies=127.0.0.1
      --yuelv.payment.provider-url="http://127.0.0.1:$sandbox_port")
    if [ -n "${YUELV_SPLIT_ARGS:-}" ]; then
      read -r -a extra <<< "$YUELV_SPLIT_ARGS"
      args+=("${extra[@]}")
    fi
    if [ "$peers" != "-" ]; then
      for peer in ${peers//,/ }; do args+=(--yuelv.split.peers."${peer%%=*}"="${peer#*=}"); done
    fi
    if [ "${grants:--}" != "-" ]; then
      # what each other deployment may call of this one's internal APIs: caller=scope+scope
      for grant in ${grants//,/ }; do scopes=${grant#*=}; args+=(--yuelv.split.grants."${grant%%=*}"="${scopes//+/,}"); done
    fi
    {
      printf 'export YUELV_DB_NAME=%q YUELV_DB_USER=%q YUELV_DB_MIGRATION_USER=%q YUELV_PAGE_TOKEN_SECRET=%q YUELV_RABBITMQ_HEALTH=true\n' \
        "$db" "$role" "$owner" "$(cat "$run/page-token-secret")"
      if [ "$observe" = 1 ]; then
        printf 'export YUELV_ZIPKIN_ENABLED=true YUELV_ZIPKIN_URL=%q\n' "http://127.0.0.1:$zipkin_port/api/v2/spans"
      fi
      if [ "$name" != "$deployment" ] && [ -n "${YUELV_SPLIT_CANARY_JAR:-}" ]; then
        # the canary's other version, as a JAR that runs the deployment's modules when told
        printf 'exec %q %q -jar %q' "$java" "$heap" "$YUELV_SPLIT_CANARY_JAR"
      elif [ -n "${YUELV_SPLIT_ARTIFACTS:-}" ]; then
        # the deployment's own artifact (./mvnw -Psplit package), which runs its modules without being told
        printf 'exec %q %q -jar %q' "$java" "$heap" "$(ls target/split/yuelv-*-"$deployment".jar | head -n 1)"
      else
        printf 'exec %q %q' "$java" "$heap"; printf ' %q' "${launch[@]}"
      fi
      printf ' %q' "${args[@]}"; printf '\n'
    } > "$run/$name.command"
    launch_deployment "$name"
    echo "$name: modules $modules on port $port as $role (pid $(cat "$run/$name.pid"), log $run/$name.log)"
    if [ ! -s "$keys/$db-key-encryption-key.bin" ]; then
      # the first deployment creates the key-encryption key every deployment shares
      for _ in $(seq 1 600); do
        [ -s "$keys/$db-key-encryption-key.bin" ] && break; sleep 0.1
      done
      [ -s "$keys/$db-key-encryption-key.bin" ] || { echo "$name did not create the key-encryption key" >&2; exit 1; }
    fi
  done < <(deployments "$topology")

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
}

start_sandbox() { # the payment provider's sandbox, its webhooks to the edge; waits until it listens
  nohup "$java" -Xmx128m tools/payment-sandbox/PaymentSandbox.java --port "$sandbox_port" --api-key sk_test_yuelv \
    --secret whsec_yuelv_sandbox --webhook-url "http://127.0.0.1:$edge/api/v1/payment-provider/events" \
    > "$run/sandbox.log" 2>&1 &
  echo $! > "$run/sandbox.pid"
  for _ in $(seq 1 600); do grep -q '^payment sandbox listening' "$run/sandbox.log" && break; sleep 0.1; done
  grep -q '^payment sandbox listening' "$run/sandbox.log" || { echo "the payment sandbox did not start; see $run/sandbox.log" >&2; exit 1; }
  echo "payment sandbox: http://127.0.0.1:$sandbox_port"
}

start_zipkin() { # the trace backend, in memory; not waited for here
  local jar=${YUELV_ZIPKIN_JAR:-target/zipkin/zipkin.jar}
  if [ ! -f "$jar" ]; then
    ./mvnw -q -B generate-test-resources
  fi
  nohup "$java" -Xmx256m -XX:TieredStopAtLevel=1 -jar "$jar" --armeria.ports[0].port="$zipkin_port" \
    --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].protocols[0]=http > "$run/zipkin.log" 2>&1 &
  echo $! > "$run/zipkin.pid"
}

await_zipkin() {
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$zipkin_port/health" > /dev/null && break; sleep 0.2; done
  curl -sf "http://127.0.0.1:$zipkin_port/health" > /dev/null || { echo "Zipkin did not start; see $run/zipkin.log" >&2; exit 1; }
  echo "zipkin: http://127.0.0.1:$zipkin_port/zipkin/"
}

write_targets() { # what Prometheus scrapes: every deployment of every running topology
  [ "$observe" = 1 ] || return 0
  local first=1
  {
    echo "["
    for topology in $(shapes); do
      while read -r name port _; do
        [ $first = 1 ] || echo ","
        first=0
        printf '  {"targets": ["127.0.0.1:%s"], "labels": {"topology": "%s"}}' "$port" "$topology"
      done < <(deployments "$topology")
    done
    echo
    echo "]"
  } > "$run/prometheus-targets.json.next"
  mv "$run/prometheus-targets.json.next" "$run/prometheus-targets.json"
}

start_prometheus() {
  command -v prometheus > /dev/null || { echo "prometheus is missing (Debian: apt-get install prometheus); the run goes on without it" >&2; return 0; }
  write_targets
  cat > "$run/prometheus.yml" <<EOF
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - $PWD/deploy/prometheus/rules.yml
scrape_configs:
  - job_name: yuelv
    metrics_path: /actuator/prometheus
    file_sd_configs:
      - files: [$run/prometheus-targets.json]
        refresh_interval: 5s
EOF
  rm -rf "$run/prometheus-data"
  nohup prometheus --config.file="$run/prometheus.yml" --storage.tsdb.path="$run/prometheus-data" \
    --storage.tsdb.retention.time=1d --web.listen-address="127.0.0.1:$prometheus_port" > "$run/prometheus.log" 2>&1 &
  echo $! > "$run/prometheus.pid"
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$prometheus_port/-/ready" > /dev/null && break; sleep 0.2; done
  echo "prometheus: http://127.0.0.1:$prometheus_port"
}

write_edge() { # topology: the edge's configuration, routing to it
  cp "deploy/haproxy/$1.cfg" "$run/edge.cfg"
  echo "$1" > "$run/topology"
}

edge_serves() { # name: whether the edge takes the deployment for up (it checks its readiness every 2 s, and every
  # half second once it is down); true where no edge runs or it routes to another topology
  [ -S "$run/edge.sock" ] || return 0
  python3 - "$run/edge.sock" "$1" <<'PY'
import socket, sys
with socket.socket(socket.AF_UNIX) as edge:
    edge.connect(sys.argv[1])
    edge.sendall(b"show stat\n")
    stats = b"".join(iter(lambda: edge.recv(65536), b"")).decode()
# pxname,svname,...: the status is the 18th column of the deployment's server in its backend
for fields in (line.split(",") for line in stats.splitlines()):
    if len(fields) > 17 and fields[0] == fields[1] == sys.argv[2]:
        sys.exit(0 if fields[17].startswith("UP") else 1)
PY
}

edge_workers() { # the edge's worker processes
  pgrep -P "$(cat "$run/haproxy.pid")" 2>/dev/null | sort || true
}

start() {
  local topology=${1:-peak-season}
  if [ -f "$run/topology" ]; then
    echo "A run is already up ($(cat "$run/topology")); stop it first: $0 stop" >&2
    exit 1
  fi
  if [ -f "$lock" ] && [ "$(cat "$lock")" != "$run" ] && [ -f "$(cat "$lock")/topology" ]; then
    echo "Another run is up in $(cat "$lock"); stop it first: YUELV_SPLIT_RUN=$(cat "$lock") $0 stop" >&2
    exit 1
  fi
  plan "$topology"
  echo "$run" > "$lock"
  # a start that fails half-way stops what it started
  trap 'status=$?; if [ $status -ne 0 ]; then echo "start failed; stopping what was started" >&2; stop >&2; fi' EXIT
  rm -rf "$run"
  mkdir -p "$run"
  rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true
  rabbitmqctl -q add_vhost "$vhost" >/dev/null
  rabbitmqctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null
  head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > "$run/page-token-secret"

  start_sandbox
  # the trace backend starts while the deployments do; their first spans come with the first requests
  if [ "$observe" = 1 ]; then start_zipkin; fi
  launch_shape "$topology"
  write_edge "$topology"
  # master and worker: the master re-reads the configuration on SIGUSR2 and hands the listening socket to the new
  # worker, while the old one finishes what it has in flight; a second file gives this script the statistics socket
  printf 'global\n    stats socket %s mode 600 level admin expose-fd listeners\n' "$run/edge.sock" > "$run/edge-admin.cfg"
  haproxy -W -D -p "$run/haproxy.pid" -f "$run/edge.cfg" -f "$run/edge-admin.cfg"
  echo "edge: http://localhost:$edge"
  if [ "$observe" = 1 ]; then
    await_zipkin
    start_prometheus
  fi
  trap - EXIT
}

add() { # topology
  local topology=$1
  [ -f "$run/topology" ] || { echo "No run is up; start one first: $0 start" >&2; exit 1; }
  shapes | grep -qx "$topology" && { echo "$topology runs already" >&2; exit 1; }
  plan "$topology"
  launch_shape "$topology"
  write_targets
}

route() { # topology
  local topology=$1
  shapes | grep -qx "$topology" || { echo "$topology does not run; add it first: $0 add $topology" >&2; exit 1; }
  haproxy -c -q -f "deploy/haproxy/$topology.cfg"
  local before after
  before=$(edge_workers)
  write_edge "$topology"
  kill -USR2 "$(cat "$run/haproxy.pid")"
  for _ in $(seq 1 100); do
    after=$(edge_workers)
    [ -n "$after" ] && [ -n "$(comm -13 <(echo "$before") <(echo "$after"))" ] && break
    sleep 0.1
  done
  echo "edge: routes to $topology"
}

stop_deployment() { # name: SIGTERM, Spring's graceful shutdown, SIGKILL after a minute
  local pidfile="$run/$1.pid"
  [ -e "$pidfile" ] || return 0
  kill "$(cat "$pidfile")" 2>/dev/null || true
}

await_stopped() { # name
  local pidfile="$run/$1.pid"
  [ -e "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

retire() { # topology
  local topology=$1
  [ "$(cat "$run/topology" 2>/dev/null)" != "$topology" ] || { echo "The edge routes to $topology; route elsewhere first" >&2; exit 1; }
  shapes | grep -qx "$topology" || { echo "$topology does not run" >&2; exit 1; }
  while read -r name _; do stop_deployment "$name"; done < <(deployments "$topology")
  while read -r name _; do await_stopped "$name"; done < <(deployments "$topology")
  shapes | grep -vx "$topology" > "$run/shapes.next" || true
  mv "$run/shapes.next" "$run/shapes"
  write_targets
  echo "$topology: stopped"
}

stop() {
  if [ -f "$run/haproxy.pid" ]; then
    kill "$(cat "$run/haproxy.pid")" 2>/dev/null || true
    rm -f "$run/haproxy.pid"
  fi
  for pidfile in "$run"/*.pid; do
    [ -e "$pidfile" ] || continue
    stop_deployment "$(basename "$pidfile" .pid)"
  done
  for pidfile in "$run"/*.pid; do
    [ -e "$pidfile" ] || continue
    await_stopped "$(basename "$pidfile" .pid)"
  done
  rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true
  rm -f "$run/topology" "$run/shapes"
  if [ -f "$lock" ] && [ "$(cat "$lock")" = "$run" ]; then rm -f "$lock"; fi
  echo "stopped"
}

port_of() { # name -> its port in whichever running topology has it
  local topology
  for topology in $(shapes); do
    awk -v name="$1" '$1 == name {print $2}' < <(deployments "$topology")
  done | head -n 1
}

restart() { # name
  local name=$1 port
  [ -f "$run/$name.command" ] || { echo "No deployment $name in this run" >&2; exit 1; }
  if kill -0 "$(cat "$run/$name.pid" 2>/dev/null)" 2>/dev/null; then
    echo "$name is still running" >&2; exit 1
  fi
  port=$(port_of "$name")
  [ -n "$port" ] || { echo "$name belongs to no running topology" >&2; exit 1; }
  launch_deployment "$name"
  local deadline=$((SECONDS + ${YUELV_SPLIT_START_TIMEOUT:-240}))
  until ready "$port"; do
    kill -0 "$(cat "$run/$name.pid")" 2>/dev/null || { echo "$name died; see $run/$name.log" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "$name is not ready; see $run/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  # and the edge sends it requests again
  until edge_serves "$name"; do
    [ $SECONDS -lt $deadline ] || { echo "the edge does not take $name for up" >&2; exit 1; }
    sleep 0.2
  done
  echo "$name: ready"
}

status() {
  [ -f "$run/topology" ] || { echo "no run"; return; }
  local topology
  for topology in $(shapes); do
    while read -r name port modules _; do
      if ready "$port"; then echo "$topology/$name ($modules): ready on $port"; else echo "$topology/$name ($modules): not ready"; fi
    done < <(deployments "$topology")
  done
  curl -sf -o /dev/null "http://127.0.0.1:$edge/api/v1/trips" && echo "edge: up on $edge, routing to $(cat "$run/topology")" \
    || echo "edge: down"
}

case "$action" in
  start) start "${2:-peak-season}" ;;
  stop) stop ;;
  status) status ;;
  restart) restart "${2:?usage: $0 restart NAME}" ;;
  add) add "${2:?usage: $0 add TOPOLOGY}" ;;
  route) route "${2:?usage: $0 route TOPOLOGY}" ;;
  retire) retire "${2:?usage: $0 retire TOPOLOGY}" ;;
  *) echo "usage: $0 start [topology] | stop | status | restart NAME | add TOPOLOGY | route TOPOLOGY | retire TOPOLOGY" >&2; exit 2 ;;
esac
