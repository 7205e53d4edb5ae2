#!/usr/bin/env bash
# Builds the controllers and the Flux benchmark, then runs Flux's MTTP scenario on 127.0.0.1.
# Usage: bench/flux/run.sh [N...]        (default: 100 500 1000)
#        bench/flux/run.sh --notify [E]   (issue 17: a burst of E events, default 10000, to a webhook)
# JVM options through BENCH_JAVA_OPTS, e.g.
#   BENCH_JAVA_OPTS='-Dbench.timeout=600 -Dbench.concurrency=20' bench/flux/run.sh 1000
#   BENCH_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/flux.jfr' bench/flux/run.sh 1000
# The heap is fixed at -Xmx256m, the issue's target: a run that needs more fails. Both JVMs
# (controllers, API) run with ./flotilla's flags (FLOTILLA_JVM_FLAGS in .mvn/jdk.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/.mvn/jdk.sh"
cd "$root"
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -o -pl bench/flux -am package -Dmaven.test.skip=true
fi
cp="bench/flux/target/classes:$(cat bench/flux/target/classpath.txt)"
main=io.flotilla.bench.flux.FluxBench
if [ "${1:-}" = "--notify" ]; then
  shift
  main=io.flotilla.bench.flux.NotificationBench
fi
# the JVM flags ./flotilla runs with (.mvn/jdk.sh), for the controllers and the API process alike
# shellcheck disable=SC2086 # a list of flags
exec "$JAVA_HOME/bin/java" -Xmx256m $FLOTILLA_JVM_FLAGS "-Dbench.runtimeFlags=$FLOTILLA_JVM_FLAGS" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${BENCH_JAVA_OPTS:-} \
  -cp "$cp" "$main" "$@"
