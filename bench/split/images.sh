#!/usr/bin/env bash
# The split build's images: each peak-season deployment's image and the off-season image of the whole application,
# their sizes by layer against the JARs they hold, and one start of each, run as a container runtime runs it
# (bench/split/run-image.py: its root, working directory, user, environment and entrypoint) with -XX:AOTMode=on, so
# that the start fails if the JVM cannot use the AOT cache trained in the build. Per image: the milliseconds from
# launch to readiness (median of RUNS starts) in embedded mode, with the heap its topology gives it; first, the same
# for a bare Spring Boot application, the floor.
#
# Usage: bench/split/images.sh [RUNS]    (3 by default; builds both topologies with ./mvnw -Psplit package; runs as
#        root, needs python3, curl and jq)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
port=${PORT:-18190}
source bench/common.sh
work=$(realpath -m target/image-runs)
all=(booking content demo feed geo identity media notification payment search social trip)

images=$(realpath -m target/images)
if [ "${BUILD:-1}" = 1 ]; then # BUILD=0 starts the images an earlier run built
  rm -rf "$images"; mkdir -p "$images"
  for topology in off-season peak-season; do
    ./mvnw -B -q -Psplit package -DskipTests -Dsplit.topology="split-config/$topology.yaml" > "$images/$topology.log" 2>&1
    cp target/image/*.tar "$images/"
    cp target/split/*.jar "$images/"
  done
fi
# the floor: a bare Spring Boot application (bench.feed.BareEndpoint: Tomcat and Spring MVC, nothing else) as a JAR
# of its own beside its libraries, launched with an AOT cache as bench/split/readiness.sh launches it
classpath=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)

# an earlier run's roots may still have /proc mounted
findmnt -rn -o TARGET | { grep "^$work/" || true; } | xargs -r -n 1 umount
rm -rf "$work"; mkdir -p "$work"

mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1048576}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

layers() { # image -> the compressed sizes of its layers, in order
  local manifest
  manifest=$(tar xOf "$1" "blobs/$(tar xOf "$1" index.json | jq -r '.manifests[0].digest' | tr : /)")
  jq -r '.layers[].size' <<< "$manifest"
}

peer=
trap '[ -n "$peer" ] && kill "$peer" 2>/dev/null; wait 2>/dev/null || true' EXIT

start() { # image root port heap arguments... -> starts the image in the background, its pid in $started
  local image=$1 root=$2 at=$3 heap=$4; shift 4
  python3 bench/split/run-image.py "$image" "$work/$root" -e JAVA_TOOL_OPTIONS="-XX:AOTMode=on $heap" -- \
    --server.port="$at" --logging.level.root=WARN "$@" > "$work/$root.log" 2>&1 &
  started=$!
}

ready() { # pid url -> waits for readiness; fails if the process ends first
  until curl -sf "$2" 2>/dev/null | grep -q UP; do
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.02
  done
}

heap_of() { awk -F'\t' -v name="$1" '$1 == name {print $7}' deploy/local/*.tsv | head -n 1; }

printf '| image | runtime | libraries | application and AOT cache | whole image | its JAR | ready after (median of %s) |\n' "$runs"
printf '|---|---|---|---|---|---|---|\n'

"${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jar" cf "$work/bare.jar" -C target/test-classes bench/feed
echo '{"bare":true}' > "$work/bare.json"
bare=("$java" -Xmx256m -cp "$work/bare.jar:$classpath" bench.feed.BareEndpoint --server.port="$port" \
  --bare.body="$work/bare.json" --logging.level.root=WARN)
"$java" -XX:AOTCacheOutput="$work/bare.aot" -Dspring.context.exit=onRefresh "${bare[@]:1}" > "$work/bare.log" 2>&1
times=()
for i in $(seq 1 "$runs"); do
  begin=$(date +%s%N)
  "$java" -XX:AOTCache="$work/bare.aot" "${bare[@]:1}" > "$work/bare.log" 2>&1 &
  started=$!
  until curl -sf "http://127.0.0.1:$port/api/v1/feed" 2>/dev/null | grep -q bare; do
    kill -0 "$started" 2>/dev/null || { echo "the bare application did not start; see $work/bare.log" >&2; exit 1; }
    sleep 0.02
  done
  times+=($(( ($(date +%s%N) - begin) / 1000000 )))
  kill "$started"; wait "$started" 2>/dev/null || true
done
printf '| bare Spring Boot (the floor; a JAR, not an image) | | | | | | %s ms |\n' "$(median "${times[@]}")"

trips_peer="http://127.0.0.1:$((port + 1))"
nowhere=()
for module in "${all[@]}"; do
  [[ "$module" =~ ^(trip|booking|geo)$ ]] || nowhere+=(--yuelv.split.peers."$module"=http://localhost:9)
done
# each deployment's own key, and every deployment's public key, as the operator files them in a cluster
mkdir -p "$work/identities" "$work/peer-keys"
for deployment in accounts social trips search payments; do
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/identities/$deployment.pem" 2>/dev/null
  openssl pkey -in "$work/identities/$deployment.pem" -pubout -out "$work/peer-keys/$deployment.pem"
done
identity() { # image root deployment -> the deployment's key and the peers' public keys in the root's /tmp
  install -o 10001 -g 10001 -m 600 "$work/identities/$2.pem" "$work/$1/tmp/identity.pem"
  rm -rf "$work/$1/tmp/peer-keys"; cp -r "$work/peer-keys" "$work/$1/tmp/peer-keys"
  chown -R 10001:10001 "$work/$1/tmp/peer-keys"
}
identities=(--yuelv.split.identity.key-file=/tmp/identity.pem --yuelv.split.identity.peer-keys=/tmp/peer-keys)
python3 bench/split/run-image.py --unpack "$images/trips.tar" "$work/trips-peer"
identity trips-peer trips
# one signing key for every start, so that they take each other's credentials: the peer's, made at its start
# every measured deployment may read trips from the peer, as the split's grants let those that call trip
reads=()
for deployment in accounts social trips search payments; do reads+=(--yuelv.split.grants."$deployment"=trip:read); done
start "$images/trips.tar" trips-peer $((port + 1)) "$(heap_of trips)" "${nowhere[@]}" --yuelv.jwt.key-file=/tmp/jwt.pem \
  "${identities[@]}" "${reads[@]}"
peer=$started
ready "$peer" "$trips_peer/actuator/health/readiness" || { echo "the trips image did not start" >&2; exit 1; }

for image in yuelv accounts social trips search payments; do
  modules=$(awk -F'\t' -v name="$image" '$1 == name {print $3}' deploy/local/*.tsv | head -n 1)
  peers=()
  for module in "${all[@]}"; do
    if [ "$image" != yuelv ] && [[ ",$modules," != *",$module,"* ]]; then
      address=http://localhost:9
      [[ "$module" =~ ^(trip|booking|geo)$ ]] && address=$trips_peer
      peers+=(--yuelv.split.peers."$module"="$address")
    fi
  done
  times=()
  python3 bench/split/run-image.py --unpack "$images/$image.tar" "$work/$image"
  install -o 10001 -g 10001 -m 600 "$work/trips-peer/tmp/jwt.pem" "$work/$image/tmp/jwt.pem"
  [ "$image" = yuelv ] || identity "$image" "$image"
  for i in $(seq 1 "$runs"); do
    begin=$(date +%s%N)
    # each start on an empty data directory of its own (embedded mode), in the image's /tmp
    start "$images/$image.tar" "$image" "$port" "$(heap_of "$image")" "${peers[@]}" --yuelv.data-dir="/tmp/run-$i" \
      --yuelv.jwt.key-file=/tmp/jwt.pem "${identities[@]}"
    ready "$started" "http://127.0.0.1:$port/actuator/health/readiness" \
      || { echo "the $image image did not start; see $work/$image.log" >&2; exit 1; }
    times+=($(( ($(date +%s%N) - begin) / 1000000 )))
    kill "$started"; wait "$started" 2>/dev/null || true
  done
  sizes=($(layers "$images/$image.tar"))
  libraries=0
  for size in "${sizes[@]:1:${#sizes[@]}-2}"; do libraries=$((libraries + size)); done
  printf '| %s | %s MB | %s MB | %s MB | %s MB | %s MB | %s ms |\n' "$image" "$(mb "${sizes[0]}")" "$(mb "$libraries")" \
    "$(mb "${sizes[-1]}")" "$(mb "$(stat -c %s "$images/$image.tar")")" \
    "$(mb "$(stat -c %s "$(ls "$images"/yuelv-*-"$image".jar | head -n 1)")")" "$(median "${times[@]}")"
done
