#!/usr/bin/env bash
# Whether a peak-season deployment is worth scaling, in one run: what each artifact holds against the whole JAR,
# each image's layers and its start, readiness beside a bare Spring Boot application, one call between deployments
# (JMH), the cached trip read against a bare endpoint, and each deployment's memory against its limit. Each part is a
# script of its own; their results are in docs/benchmarks/ (artifacts, images, readiness, hop, cached-read, memory).
#
# Usage: bench/split/worth-scaling.sh    (about 55 minutes on a 2-core machine; needs wrk, jq, curl, python3, haproxy,
#        and the machine's PostgreSQL, Redis and RabbitMQ for the memory part; root for the images' starts)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

echo "# What each artifact holds"
bench/split/artifacts.sh
echo; echo "# The images: layers and starts"
bench/split/images.sh 5
echo; echo "# Readiness in the production launch"
bench/split/readiness.sh 5
echo; echo "# One call between deployments (caller on core 0, the trips deployment on core 1)"
PEER_CPUS=1 taskset -c 0 bench/jmh.sh CrossModuleCallBenchmark | grep -E '^CrossModuleCallBenchmark'
# the split build of the first two parts left the whole JAR and the peak-season plan for the others
echo; echo "# The cached trip read against a bare endpoint (application on core 0, wrk on core 1)"
APP_CPUS=0 LOAD_CPUS=1 bench/split/cached-read.sh
echo; echo "# Memory of each peak-season deployment"
bench/split/memory.sh peak-season 20
