package io.flotilla.server.signals;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each cluster's desired-state version as this replica knows it, and the long-polls waiting for it
 * to change. Local changes raise the signal at once ({@link #changed}); changes made by other
 * replicas arrive through the change feed ({@code agent.ChangeFeed}), which calls {@link #advance}
 * and marks the whole cache fresh. While the feed is fresh an idle poll is answered from memory.
 *
 * <p>Its own package because every service that changes a desired state raises it, while the agent
 * API (which reads those services) waits on it: kept in {@code agent}, it tied them in a cycle.
 */
public final class DesiredStateSignals {
  /** The cache is trusted only while the change feed has been read this recently. */
  static final Duration FRESH_FOR = Duration.ofSeconds(5);

  /**
   * The watches of each cluster's waiting polls, one future per poll, so a poll that ends without a
   * change takes its own watch away ({@link #unwatch}) and nothing piles up on a cluster whose
   * state never changes. A cluster's set is changed only inside the map's compute functions.
   */
  private final ConcurrentHashMap<String, Set<CompletableFuture<Void>>> waiters =
      new ConcurrentHashMap<>();

  /** version -1: a local change happened and the new version has not been read yet. */
  private record CachedVersion(long version, long generation) {}

  private final ConcurrentHashMap<String, CachedVersion> versions = new ConcurrentHashMap<>();
  // Stale from the start (nanoTime differences only compare safely with no overflow).
  private volatile long freshAtNanos = System.nanoTime() - FRESH_FOR.toNanos() - 1;
  private volatile boolean closed;

  /** Releases every waiting poll; they answer 503 so agents retry against a live replica. */
  public void shutdown() {
    closed = true;
    for (String clusterId : List.copyOf(waiters.keySet())) {
      wake(clusterId);
    }
  }

  public boolean isShutdown() {
    return closed;
  }

  /** Counts local changes per cluster, so a read that raced a change is not cached. */
  public long generation(String clusterId) {
    CachedVersion c = versions.get(clusterId);
    return c == null ? 0 : c.generation();
  }

  /** The known state version, if the change feed is fresh and no local change is pending. */
  public Optional<Long> cachedVersion(String clusterId) {
    if (System.nanoTime() - freshAtNanos > FRESH_FOR.toNanos()) {
      return Optional.empty();
    }
    CachedVersion c = versions.get(clusterId);
    return c == null || c.version() < 0 ? Optional.empty() : Optional.of(c.version());
  }

  /** The change feed was read completely just now. */
  public void markFresh() {
    freshAtNanos = System.nanoTime();
  }

  /**
   * Caches a version read from the database, unless a local change happened since {@code gen}.
   * Versions only grow, so a slow read never replaces a newer version.
   */
  public void rememberVersion(String clusterId, long version, long gen) {
    versions.compute(
        clusterId,
        (k, c) -> {
          if (c == null) {
            return gen == 0 ? new CachedVersion(version, 0) : null;
          }
          return c.generation() != gen ? c : new CachedVersion(Math.max(c.version(), version), gen);
        });
  }

  /**
   * The change feed saw {@code version}: caches it and wakes the cluster's polls when it is news.
   * Returns whether it was.
   */
  public boolean advance(String clusterId, long version) {
    boolean[] news = {false};
    versions.compute(
        clusterId,
        (k, c) -> {
          if (c == null) {
            return new CachedVersion(version, 0);
          }
          news[0] = c.version() >= 0 && version > c.version();
          return c.version() < 0
              ? c
              : new CachedVersion(Math.max(c.version(), version), c.generation());
        });
    if (news[0]) {
      wake(clusterId);
    }
    return news[0];
  }

  /** The cluster is gone: forget it and let its polls find that out. */
  public void forget(String clusterId) {
    versions.remove(clusterId);
    wake(clusterId);
  }

  /** Call after the change has been committed. */
  public void changed(String clusterId) {
    versions.compute(
        clusterId, (k, c) -> new CachedVersion(-1, (c == null ? 0 : c.generation()) + 1));
    wake(clusterId);
  }

  /**
   * Call after a change has been committed at {@code version}: the polls it wakes know the new
   * version without reading it (a fan-out wakes thousands at once). A local change still pending
   * (version unknown) may be newer, so then the version stays unknown.
   */
  public void changed(String clusterId, long version) {
    versions.compute(
        clusterId,
        (k, c) ->
            c == null
                ? new CachedVersion(version, 1)
                : new CachedVersion(
                    c.version() < 0 ? -1 : Math.max(c.version(), version), c.generation() + 1));
    wake(clusterId);
  }

  private void wake(String clusterId) {
    Set<CompletableFuture<Void>> watches = waiters.remove(clusterId);
    if (watches != null) {
      watches.forEach(f -> f.complete(null));
    }
  }

  /**
   * A watch that completes at the cluster's next signal. Take it before reading the version, so a
   * change in between is not missed; {@link #unwatch} it when the poll ends without one.
   */
  public CompletableFuture<Void> watch(String clusterId) {
    var watch = new CompletableFuture<Void>();
    waiters.compute(
        clusterId,
        (k, watches) -> {
          Set<CompletableFuture<Void>> out = watches == null ? new HashSet<>() : watches;
          out.add(watch);
          return out;
        });
    return watch;
  }

  /** Takes away a watch that is no longer waited on (its poll answered or timed out). */
  public void unwatch(String clusterId, CompletableFuture<Void> watch) {
    waiters.computeIfPresent(
        clusterId,
        (k, watches) -> {
          watches.remove(watch);
          return watches.isEmpty() ? null : watches;
        });
  }

  /** Polls waiting now (for tests: a poll that ended holds no watch). */
  int watching(String clusterId) {
    Set<CompletableFuture<Void>> watches = waiters.get(clusterId);
    return watches == null ? 0 : watches.size();
  }
}
