#!/usr/bin/env bash
# Runs flotilla's kustomize build and `kubectl kustomize` side by side on generated overlays.
#
#   bench/kustomize/run.sh [SIZE...]      sizes in resources, default: 500 1000 2000 4000 8000
#
# Environment:
#   KUBECTL_MAX=8000   largest size kubectl also builds (it grows with the square of the size)
#   WARM_RUNS=10       in-process builds per size after a first one
#   FLOTILLA=auto      cli: ./flotilla kustomize build; api: the Java API (BuildBench); auto: cli
#                      when the built jar has the command, else api
#   OVERLAY=full       full: the issue's overlay; minimal: namespace, prefix, labels, annotations only
#   HEAP=256m          -Xmx for the Java side (the issue's heap target)
#   RUNS=3             whole-process runs of flotilla per size; the median (by wall time) is shown
# The launcher keeps a class cache next to the jar, made by the first run after the jar changes:
# one untimed run on a small overlay makes it before anything is measured.
# Prints per size: wall time, CPU time and max RSS of each whole process, the ratio, whether the
# outputs are byte-identical, the warm in-process build time (median wall and CPU of WARM_RUNS builds
# in one JVM, the CPU time per 1,000 resources, and the CPU time against kubectl's whole-process CPU
# time) and the peak heap.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
. "$repo/.mvn/jdk.sh"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(500 1000 2000 4000 8000)
KUBECTL_MAX=${KUBECTL_MAX:-8000}; WARM_RUNS=${WARM_RUNS:-10}; FLOTILLA=${FLOTILLA:-auto}
OVERLAY=${OVERLAY:-full}; HEAP=${HEAP:-256m}; RUNS=${RUNS:-3}
work="$here/target"; mkdir -p "$work/classes"
java=("$JAVA_HOME/bin/java" -XX:+UseSerialGC "-Xmx$HEAP")

echo "building the kustomize module…" >&2
(cd "$repo" && ./mvnw -B -q -o -pl kustomize -am compile -Dspotless.apply.skip=true \
  && ./mvnw -B -q -o -pl kustomize dependency:build-classpath -Dmdep.outputFile="$work/cp.txt") \
  >"$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; exit 1; }
cp="$repo/kustomize/target/classes:$(cat "$work/cp.txt")"
"$JAVA_HOME/bin/javac" -d "$work/classes" -cp "$cp" "$here/BuildBench.java"
api=("${java[@]}" -cp "$work/classes:$cp" BuildBench)

jar="$repo/app/target/flotilla.jar"
if [ "$FLOTILLA" = auto ]; then
  FLOTILLA=api
  if [ -f "$jar" ] && "$JAVA_HOME/bin/java" -jar "$jar" kustomize build --help >/dev/null 2>&1; then
    FLOTILLA=cli
  fi
fi
echo "flotilla side: $FLOTILLA ($([ "$FLOTILLA" = cli ] && echo "./flotilla kustomize build" || echo "Java API, BuildBench")); overlay: $OVERLAY; heap: $HEAP" >&2
command -v kubectl >/dev/null || { echo "kubectl is not on PATH: flotilla side only" >&2; KUBECTL_MAX=0; }
if [ "$FLOTILLA" = cli ]; then
  # the launcher's class cache (re)made now, so that no measured run is the one that makes it
  python3 "$here/gen.py" "$work/overlay-warmup" --resources 40 >/dev/null
  "$repo/flotilla" kustomize build "$work/overlay-warmup/overlay" >/dev/null 2>&1 || true
fi

# measure OUT_FILE TIME_FILE CMD… → "wall cpu rssMB exit"
measure() {
  local out=$1 tv=$2; shift 2
  local rc=0
  /usr/bin/time -v -o "$tv" "$@" >"$out" 2>"$out.err" || rc=$?
  local wall cpu rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tv" \
    | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$tv")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2/1024 }' "$tv")
  echo "$wall $cpu $rss $rc"
}

printf '%-9s | %-26s | %-26s | %-11s | %-9s | %-32s | %s\n' resources "flotilla wall/cpu/RSS" \
  "kubectl wall/cpu/RSS" "ratio w/cpu" identical "warm wall/cpu (cpu/1k) vs kubectl" "peak heap"
growth=(); warmgrowth=()
for size in "${sizes[@]}"; do
  d="$work/overlay-$size"
  gen_args=(--resources "$size"); [ "$OVERLAY" = minimal ] && gen_args+=(--minimal)
  python3 "$here/gen.py" "$d" "${gen_args[@]}"
  runs=()
  for ((r = 0; r < RUNS; r++)); do
    if [ "$FLOTILLA" = cli ]; then
      runs+=("$(measure "$work/flotilla-$size.yaml" "$work/flotilla-$size.time" \
        "$repo/flotilla" kustomize build "$d/overlay")")
    else
      runs+=("$(measure "$work/flotilla-$size.yaml" "$work/flotilla-$size.time" \
        "${api[@]}" build "$d" "$d/overlay")")
    fi
  done
  # the median run by wall time
  read -r fw fc fr frc < <(printf '%s\n' "${runs[@]}" | sort -n -k1,1 | sed -n "$(((RUNS + 1) / 2))p")
  growth+=("$size $fw $fc")
  fdesc="${fw}s / ${fc}s / ${fr}MB"
  [ "$frc" = 0 ] || fdesc="FAILED (exit $frc)"
  kdesc="-"; ratio="-"; same="-"
  if [ "$size" -le "$KUBECTL_MAX" ]; then
    read -r kw kc kr krc < <(measure "$work/kubectl-$size.yaml" "$work/kubectl-$size.time" \
      kubectl kustomize "$d/overlay")
    kdesc="${kw}s / ${kc}s / ${kr}MB"
    [ "$krc" = 0 ] || kdesc="FAILED (exit $krc)"
    if [ "$frc" = 0 ] && [ "$krc" = 0 ]; then
      ratio=$(awk -v f="$fw" -v k="$kw" -v fc="$fc" -v kc="$kc" \
        'BEGIN { printf "%.3f/%.3f", f / k, (kc > 0 ? fc / kc : 0) }')
      if cmp -s "$work/flotilla-$size.yaml" "$work/kubectl-$size.yaml"; then same=yes; else same=NO; fi
    fi
  fi
  warm="-"; heap="-"
  if [ "$frc" = 0 ]; then
    line=$("${api[@]}" warm "$d" "$d/overlay" "$WARM_RUNS" 2>/dev/null || true)
    med=$(sed -n 's/.* median_ms=\([0-9.]*\).*/\1/p' <<<"$line")
    cmed=$(sed -n 's/.*cpu_median_ms=\([0-9.]*\).*/\1/p' <<<"$line")
    [ -n "$med" ] && warm=$(awk -v m="$med" -v c="$cmed" -v n="$size" \
      'BEGIN { printf "%.0f/%.0f ms (%.0f/1k)", m, c, c * 1000 / n }')
    [ -n "$cmed" ] && warmgrowth+=("$size $cmed")
    if [ -n "$med" ] && [ "$ratio" != - ]; then
      warm="$warm $(awk -v c="$cmed" -v k="$kc" 'BEGIN { printf "%.3fx", c / 1000 / k }')"
    fi
    heap=$(sed -n 's/.*peak_heap_mb=\([0-9.]*\).*/\1 MB/p' <<<"$line")
  fi
  printf '%-9s | %-26s | %-26s | %-11s | %-9s | %-32s | %s\n' "$size" "$fdesc" "$kdesc" "$ratio" \
    "$same" "$warm" "$heap"
  if [ "$frc" != 0 ]; then sed 's/^/    flotilla: /' "$work/flotilla-$size.yaml.err" | head -3; fi
done
# growth against the smallest size: linear means the per-1,000-resources figures stay flat
if [ ${#growth[@]} -gt 1 ]; then
  echo "growth from the smallest size (x resources: whole-process wall / cpu, warm cpu; linear = same x):"
  read -r s0 w0 c0 <<<"${growth[0]}"
  wc0=$(awk -v s="$s0" '$1 == s { print $2 }' <<<"$(printf '%s\n' "${warmgrowth[@]:-}")")
  for g in "${growth[@]:1}"; do
    read -r s1 w1 c1 <<<"$g"
    wc1=$(awk -v s="$s1" '$1 == s { print $2 }' <<<"$(printf '%s\n' "${warmgrowth[@]:-}")")
    awk -v s0="$s0" -v s1="$s1" -v w0="$w0" -v w1="$w1" -v c0="$c0" -v c1="$c1" -v a="$wc0" -v b="$wc1" \
      'BEGIN { printf "  %5d -> %5d: x%-5.1f  whole %5.2fx / %5.2fx   warm cpu %s\n", s0, s1, s1 / s0,
        (w0 > 0 ? w1 / w0 : 0), (c0 > 0 ? c1 / c0 : 0),
        (a > 0 && b > 0 ? sprintf("%.2fx (%.0f -> %.0f ms per 1k)", b / a, a * 1000 / s0, b * 1000 / s1) : "-") }'
  done
fi
echo "(ratio = flotilla / kubectl, whole process, wall time and CPU time (user+sys); targets: ratio <= 0.10, warm <= 0.02 x kubectl, identical output, heap <= 256 MB)"
