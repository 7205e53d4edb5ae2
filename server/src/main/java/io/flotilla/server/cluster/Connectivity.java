package io.flotilla.server.cluster;

import io.flotilla.server.store.ClusterRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * When each cluster's agent was last heard from. Every agent request counts; the times are kept in
 * memory and written in batches ({@link #flush}), so a poll costs no database write. This replica
 * answers from memory, other replicas from the database, which lags by at most {@link
 * #writeEvery()} plus one flush.
 */
public final class Connectivity {
  private final Clock clock;
  private final Duration offlineAfter;
  private final ClusterRepository clusters = new ClusterRepository();

  /** Last heard by this replica. */
  private final ConcurrentHashMap<String, Instant> heard = new ConcurrentHashMap<>();

  /** Last written to the database by this replica. */
  private final ConcurrentHashMap<String, Instant> written = new ConcurrentHashMap<>();

  public Connectivity(Clock clock, Duration offlineAfter) {
    if (offlineAfter.isNegative() || offlineAfter.isZero()) {
      throw new IllegalArgumentException("the offline threshold must be positive");
    }
    this.clock = clock;
    this.offlineAfter = offlineAfter;
  }

  public Duration offlineAfter() {
    return offlineAfter;
  }

  /** A cluster's last-seen time is rewritten at most this often: a fifth of the threshold. */
  public Duration writeEvery() {
    Duration fifth = offlineAfter.dividedBy(5);
    return fifth.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : fifth;
  }

  /** How often {@link #flush} should run. */
  public Duration flushEvery() {
    Duration w = writeEvery();
    if (w.compareTo(Duration.ofSeconds(5)) > 0) {
      return Duration.ofSeconds(5);
    }
    return w.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : w;
  }

  /** The agent of the cluster was just heard from. */
  public void heard(String clusterId) {
    heard.put(clusterId, clock.instant());
  }

  /** The later of what the database says and what this replica heard. */
  public Instant lastSeen(String clusterId, Instant stored) {
    Instant mine = heard.get(clusterId);
    if (mine == null) {
      return stored;
    }
    return stored == null || mine.isAfter(stored) ? mine : stored;
  }

  /** Whether a cluster last seen at {@code lastSeen} (null: never) counts as disconnected. */
  public boolean offline(Instant lastSeen) {
    return lastSeen == null
        || Duration.between(lastSeen, clock.instant()).compareTo(offlineAfter) >= 0;
  }

  public void forget(String clusterId) {
    heard.remove(clusterId);
    written.remove(clusterId);
  }

  /** Writes the last-seen times that moved by {@link #writeEvery()}; returns how many. */
  public int flush(Jdbi jdbi) {
    Duration every = writeEvery();
    Map<String, Instant> due = new HashMap<>();
    heard.forEach(
        (id, at) -> {
          Instant w = written.get(id);
          if (w == null || !w.plus(every).isAfter(at)) {
            due.put(id, at);
          }
        });
    if (due.isEmpty()) {
      return 0;
    }
    jdbi.useTransaction(h -> clusters.touchAll(h, due));
    written.putAll(due);
    return due.size();
  }
}
