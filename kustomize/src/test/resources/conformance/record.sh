#!/usr/bin/env bash
# Records the expected output of conformance cases with the real kustomize (kubectl kustomize, v5.5).
#
#   record.sh            re-record every case
#   record.sh CASE...    re-record the named cases
#
# A case that builds writes expected.yaml (stdout, byte for byte). A case that fails must already
# hold expected-error.txt: one or more lines, each a fragment that kustomize's message (and ours)
# must contain; the script checks them against kustomize's stderr and prints the full message so
# the fragments can be chosen. A case with a file `flags` passes its contents to kubectl kustomize
# (e.g. --load-restrictor LoadRestrictionsNone).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v kubectl >/dev/null || { echo "record.sh: kubectl is not on PATH" >&2; exit 2; }
version=$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p')
[ "$version" = "v5.5.0" ] || echo "record.sh: warning: recording with kustomize $version, the corpus expects v5.5.0" >&2

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  mapfile -t cases < <(cd "$here" && find . -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
fi
failed=0
for c in "${cases[@]}"; do
  c="${c%/}"; c="${c##*/}"
  dir="$here/$c"
  [ -d "$dir" ] || { echo "no such case: $c" >&2; failed=1; continue; }
  flags=()
  [ -f "$dir/flags" ] && read -r -a flags < "$dir/flags"
  # no helm binary here: helm cases render through helm-java (src/test/helm-shim/helm)
  for f in "${flags[@]}"; do
    [ "$f" = --enable-helm ] && flags+=(--helm-command "$here/../../helm-shim/helm")
  done
  out=$(mktemp); err=$(mktemp)
  # Build from inside the case so that relative paths in messages match ours.
  if (cd "$dir" && kubectl kustomize "${flags[@]}" . >"$out" 2>"$err"); then
    if [ -f "$dir/expected-error.txt" ]; then
      echo "$c: builds, but expected-error.txt exists (remove it to record an output)" >&2; failed=1
    else
      cp "$out" "$dir/expected.yaml"; echo "$c: recorded expected.yaml"
    fi
  else
    # kubectl wraps the message in a klog line (err="…" with escaped quotes): unwrap it.
    msg=$(sed -E "s#$dir/##g; s#$dir#.#g; s/^E[0-9]+ [0-9:.]+ +[0-9]+ run.go:[0-9]+\] \"command failed\" err=//; s/\\\\\"/\"/g" "$err")
    if [ ! -f "$dir/expected-error.txt" ]; then
      echo "$c: FAILS and has no expected-error.txt; kustomize said:" >&2; echo "  $msg" >&2; failed=1
    else
      rm -f "$dir/expected.yaml"
      ok=1
      while IFS= read -r frag || [ -n "$frag" ]; do
        [ -z "$frag" ] && continue
        grep -qF -- "$frag" <<<"$msg" || { echo "$c: kustomize's message lacks '$frag'" >&2; ok=0; }
      done < "$dir/expected-error.txt"
      if [ $ok = 1 ]; then echo "$c: error confirmed"; else echo "  $msg" >&2; failed=1; fi
    fi
  fi
  rm -f "$out" "$err"
done
exit $failed
