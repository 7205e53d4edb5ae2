#!/usr/bin/env bash
# Flux's benchmark for HelmReleases on 127.0.0.1: N HelmReleases of podinfo from a loopback chart
# repository, created at once; then a reconcile of all N without a change.
# Usage: bench/helm/run.sh [N...]        (default: 100 500 1000)
# The scenario lives with the Kustomization one in bench/flux (same harness, same heap limit);
# BENCH_JAVA_OPTS as there, e.g. BENCH_JAVA_OPTS='-Dbench.timeout=600' bench/helm/run.sh 1000
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/bench/flux/run.sh" --helm "$@"
