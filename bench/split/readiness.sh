#!/usr/bin/env bash
# Readiness in the production launch: each peak-season deployment's artifact, the whole JAR and a bare Spring Boot
# application (bench.feed.BareEndpoint: Tomcat and Spring MVC, nothing else), each extracted
# (java -Djarmode=tools extract) and started with a JDK AOT cache made by a training run that stops after the
# context refresh. Per launch: the median of RUNS starts of the milliseconds from launch to ready (readiness UP; the
# bare application's endpoint answering), the RSS then, and the first request's latency after ready (GET of an unknown
# trip through the whole chain: a 404 problem; the bare application's endpoint).
#
# Usage: bench/split/readiness.sh [RUNS]    (5 by default; builds with ./mvnw -Psplit package first; needs curl)
# Embedded mode (no PostgreSQL, Redis or RabbitMQ), each with the heap its topology gives it. A trips deployment runs
# beside them on PORT+1, since search is ready only once its index has caught up with the trips; the other
# deployments' addresses point nowhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
port=${PORT:-18190}
source bench/common.sh
work=$(realpath -m target/readiness)
all=(booking content demo feed geo identity media notification payment search social trip)

./mvnw -B -q -Psplit package -DskipTests -Dsplit.images.skip > /dev/null
rm -rf "$work"; mkdir -p "$work"

# the bare application as a JAR of its own beside its libraries: an AOT cache takes JARs only
classpath=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
"${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jar" cf "$work/bare.jar" -C target/test-classes bench/feed
echo '{"bare":true}' > "$work/bare.json"

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() { # label ready-url first-url java-arguments... -> a table row
  local label=$1 ready_url=$2 first_url=$3; shift 3
  local times=() rss=() first=() pid start end
  "$java" -XX:AOTCacheOutput="$work/app.aot" -Dspring.context.exit=onRefresh "$@" > "$work/training.log" 2>&1 \
    || { echo "the training run of $label failed; see $work/training.log" >&2; exit 1; }
  for i in $(seq 1 "$runs"); do
    rm -rf "$work/data"
    start=$(date +%s%N)
    "$java" -XX:AOTCache="$work/app.aot" "$@" > "$work/run.log" 2>&1 &
    pid=$!
    until curl -sf "$ready_url" 2>/dev/null | grep -q -e UP -e bare; do
      kill -0 "$pid" 2>/dev/null || { echo "$label died; see $work/run.log" >&2; exit 1; }
      sleep 0.02
    done
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
    rss+=($(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"))
    first+=($(curl -s -o /dev/null -w '%{time_total}' "$first_url" | awk '{print int($1 * 1000)}'))
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  printf '| %s | %s ms | %s MiB | %s ms |\n' "$label" "$(median "${times[@]}")" "$(median "${rss[@]}")" \
    "$(median "${first[@]}")"
}

base="http://127.0.0.1:$port"
unknown="$base/api/v1/trips/3f2b8c1e-7a4d-4e6b-9c0a-5d1e2f3a4b5c"
# one signing key for every deployment, and one directory where each files its public key, so that they take each
# other's credentials
common=(--server.port="$port" --yuelv.data-dir="$work/data" --yuelv.search.index-dir="$work/data/search"
  --yuelv.jwt.key-file="$work/jwt.pem" --yuelv.split.identity.peer-keys="$work/peer-keys" --logging.level.root=WARN)

printf '| launch | ready after (median of %s) | RSS when ready | first request |\n|---|---|---|---|\n' "$runs"

measure "bare Spring Boot (Tomcat, Spring MVC)" "$base/api/v1/feed" "$base/api/v1/feed" -Xmx256m \
  -cp "$work/bare.jar:$classpath" bench.feed.BareEndpoint --server.port="$port" --bare.body="$work/bare.json" \
  --logging.level.root=WARN

peer=
trap '[ -n "$peer" ] && kill "$peer" 2>/dev/null; wait 2>/dev/null || true' EXIT

extract() { # jar -> the extracted JAR's path
  local into="$work/$(basename "$1" .jar)"
  "$java" -Djarmode=tools -jar "$1" extract --destination "$into" > /dev/null
  echo "$into/$(basename "$1")"
}

jar=$(app_jar)
heap=$(awk -F'\t' '$1 == "yuelv" {print $7}' deploy/local/off-season.tsv)
measure "the whole JAR (every module)" "$base/actuator/health/readiness" "$unknown" "$heap" -jar "$(extract "$jar")" \
  "${common[@]}"

trips_peer="http://127.0.0.1:$((port + 1))"
# every measured deployment may read trips from the peer, as the split's grants let those that call trip
reads=()
for deployment in accounts social trips search payments; do reads+=(--yuelv.split.grants."$deployment"=trip:read); done
nowhere=()
for module in "${all[@]}"; do
  [[ "$module" =~ ^(trip|booking|geo)$ ]] || nowhere+=(--yuelv.split.peers."$module"=http://localhost:9)
done
"$java" -Xmx384m -jar "$(ls target/split/yuelv-*-trips.jar | head -n 1)" --server.port=$((port + 1)) "${nowhere[@]}" \
  --yuelv.data-dir="$work/peer" --yuelv.jwt.key-file="$work/jwt.pem" --yuelv.split.identity.peer-keys="$work/peer-keys" \
  "${reads[@]}" --logging.level.root=WARN \
  > "$work/peer.log" 2>&1 &
peer=$!
until curl -sf "$trips_peer/actuator/health/readiness" 2>/dev/null | grep -q UP; do
  kill -0 "$peer" 2>/dev/null || { echo "the trips peer died; see $work/peer.log" >&2; exit 1; }
  sleep 0.5
done

while IFS=$'\t' read -r name _ modules _ _ _ heap _; do
  peers=()
  for module in "${all[@]}"; do
    if [[ ",$modules," != *",$module,"* ]]; then
      address=http://localhost:9
      [[ "$module" =~ ^(trip|booking|geo)$ ]] && address=$trips_peer
      peers+=(--yuelv.split.peers."$module"="$address")
    fi
  done
  measure "$name ($modules)" "$base/actuator/health/readiness" "$unknown" "$heap" \
    -jar "$(extract "$(ls target/split/yuelv-*-"$name".jar | head -n 1)")" "${common[@]}" "${peers[@]}" \
    --yuelv.split.identity.key-file="$work/keys/$name.pem"
done < <(grep -v '^#' deploy/local/peak-season.tsv)
