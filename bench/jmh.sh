#!/usr/bin/env bash
# Runs JMH benchmarks from the test sources: bench/jmh.sh [JMH options] [benchmark regex]
#   bench/jmh.sh SearchBenchmark
#   bench/jmh.sh NearbyTripsBenchmark
#   bench/jmh.sh TripReadBenchmark
# Benchmarks that need PostgreSQL use the machine's server (YUELV_TEST_PG_* as in the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.openjdk.jmh.Main "$@"
