#!/usr/bin/env bash
# Builds the embedded Kubernetes API and its benchmark, then runs the benchmark on 127.0.0.1.
# Usage: bench/kube/run.sh [heap] [applies] [watch] [reads]   (no argument: all sections, a few minutes)
# Narrow the matrix with JVM options, e.g. BENCH_JAVA_OPTS='-Dbench.kinds=Deployment -Dbench.threads=4'
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/.mvn/jdk.sh"
cd "$root"
./mvnw -B -q -o -pl bench/kube -am package -DskipTests
cp="bench/kube/target/classes:$(cat bench/kube/target/classpath.txt)"
exec "$JAVA_HOME/bin/java" -Xms1g -Xmx4g \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${BENCH_JAVA_OPTS:-} \
  -cp "$cp" io.flotilla.bench.kube.KubeBench "$@"
