package io.flotilla.server.agent;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wakes this replica's long-polling agents when their cluster's desired state changes. Other
 * replicas' changes are noticed by re-reading the database version, so this is only a shortcut.
 */
public final class DesiredStateSignals {
  private final ConcurrentHashMap<String, CompletableFuture<Void>> waiters =
      new ConcurrentHashMap<>();

  private volatile boolean closed;

  /** Releases every waiting poll; they answer 503 so agents retry against a live replica. */
  public void shutdown() {
    closed = true;
    waiters.values().forEach(f -> f.complete(null));
    waiters.clear();
  }

  public boolean isShutdown() {
    return closed;
  }

  private record CachedVersion(long version, long readAtNanos, long generation) {}

  /** The last state version read per cluster; a local change replaces it with a bare marker. */
  private final ConcurrentHashMap<String, CachedVersion> versions = new ConcurrentHashMap<>();

  /** Counts local changes per cluster, so a read that raced a change is not cached. */
  public long generation(String clusterId) {
    CachedVersion c = versions.get(clusterId);
    return c == null ? 0 : c.generation();
  }

  /** The cached state version when it was read less than {@code maxAge} ago. */
  public java.util.Optional<Long> cachedVersion(String clusterId, Duration maxAge) {
    CachedVersion c = versions.get(clusterId);
    if (c == null || c.version() < 0 || System.nanoTime() - c.readAtNanos() > maxAge.toNanos()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(c.version());
  }

  /** Caches a version read from the database, unless a change happened since {@code gen}. */
  public void rememberVersion(String clusterId, long version, long gen) {
    versions.compute(
        clusterId,
        (k, c) ->
            (c == null ? 0 : c.generation()) != gen
                ? c
                : new CachedVersion(version, System.nanoTime(), gen));
  }

  /** Call after the change has been committed. */
  public void changed(String clusterId) {
    versions.compute(
        clusterId,
        (k, c) -> new CachedVersion(-1, System.nanoTime(), (c == null ? 0 : c.generation()) + 1));
    CompletableFuture<Void> f = waiters.remove(clusterId);
    if (f != null) {
      f.complete(null);
    }
  }

  /** Take the watch before reading the version, so a change in between is not missed. */
  public CompletableFuture<Void> watch(String clusterId) {
    return waiters.computeIfAbsent(clusterId, k -> new CompletableFuture<>());
  }

  /** Blocks (a virtual thread, cheaply) until the watch fires or {@code max} passes. */
  public static void await(CompletableFuture<Void> watch, Duration max)
      throws InterruptedException {
    try {
      watch.get(Math.max(1, max.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Timed out: the caller re-reads the database version.
    }
  }
}
