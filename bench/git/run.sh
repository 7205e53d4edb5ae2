#!/usr/bin/env bash
# Git speed figures: JGit vs git clone/fetch on local servers, no-op reconcile CPU, packing MB/s.
# Builds only the source module (and what it needs), offline; prints the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .mvn/jdk.sh
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -q -o -pl source -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
"$JAVA_HOME/bin/java" -cp "source/target/test-classes:source/target/classes:$(cat "$cp_file")" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.flotilla.source.git.GitBench
