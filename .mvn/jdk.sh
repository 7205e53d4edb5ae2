# Sourced by ./mvnw and ./flotilla: point JAVA_HOME at a JDK 21 or newer.
# Keeps a JAVA_HOME that is already 21+, else searches the system JVM folder (newest first).
flotilla_java_major() {
  # the JDK's release file answers without starting a JVM (every ./flotilla call pays this)
  local v=""
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$1/release")
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
  fi
  echo "$v"
}
flotilla_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home 2>/dev/null | sort -rV); do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(flotilla_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "flotilla: no JDK 21 or newer found; set JAVA_HOME to one" >&2
  return 1
}
flotilla_find_jdk || exit 1

# The JVM flags of every Flotilla process (./flotilla; the benchmarks use them too, so they measure
# what users run). The serial collector: a controller's heap is small and its pauses short, and it
# runs no concurrent GC threads. C1 only: controllers spend their CPU in I/O, JSON and Helm's Go
# code, not in long hot loops, and at 1,000 HelmReleases C2's compilations cost more CPU (a fifth
# of the controllers' and the embedded API's together, bench/helm) than its faster code saves; it
# also leaves out C2's compiler memory. FLOTILLA_JAVA_OPTS comes after these and wins (e.g.
# -XX:TieredStopAtLevel=4 for C2 back).
# A plain string, split where it is used: ./mvnw sources this file with sh, which has no arrays.
FLOTILLA_JVM_FLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
