#!/usr/bin/env bash
# What each deployment's artifact holds against the whole application's JAR: size, libraries, classes and resources.
#
# Usage: bench/split/artifacts.sh [TOPOLOGY]    (peak-season by default; builds with ./mvnw -Psplit package first)
# Prints one table row per artifact, the whole JAR first.
set -euo pipefail
cd "$(dirname "$0")/../.."
topology=${1:-peak-season}
./mvnw -B -q -Psplit package -DskipTests -Dsplit.images.skip -Dsplit.topology="split-config/$topology.yaml" > /dev/null
jar=$(ls target/yuelv-*.jar | grep -v original | head -n 1)

row() { # name file
  local listing
  listing=$(unzip -Z1 "$2")
  printf '| %s | %.1f MB | %d | %d | %d |\n' "$1" "$(stat -c %s "$2" | awk '{print $1 / 1048576}')" \
    "$(grep -c '^BOOT-INF/lib/.*\.jar$' <<< "$listing")" "$(grep -c '^BOOT-INF/classes/.*\.class$' <<< "$listing")" \
    "$(grep '^BOOT-INF/classes/' <<< "$listing" | grep -v '/$' | grep -vc '\.class$')"
}

printf '| artifact | size | libraries | application classes | resources |\n|---|---|---|---|---|\n'
row "the whole application" "$jar"
for artifact in target/split/yuelv-*.jar; do
  row "$(basename "$artifact" .jar | sed 's/^yuelv-[^-]*-SNAPSHOT-//; s/^yuelv-[0-9.]*-//')" "$artifact"
done
