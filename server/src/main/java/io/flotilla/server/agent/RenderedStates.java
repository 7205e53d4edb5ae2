package io.flotilla.server.agent;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The desired state last rendered per cluster (and per kind of agent: with or without extensions),
 * as the JSON sent, for the state version it was read at. A fetch of the same version again (an
 * agent reconnecting without its ETag, a retry after a lost answer, a storm of restarted agents) is
 * answered from here without a database read or rendering. A new version simply misses, and
 * replaces the entry when it has been read.
 *
 * <p>Bounded in size ({@link #MAX_ENTRIES}) and in time ({@link #TTL}): the entries hold decrypted
 * protected settings, and a few things change a delivery without a new state version (the 48 h
 * purges of protected settings and recorded deletes), so nothing is served from here for longer
 * than {@link #TTL}.
 */
final class RenderedStates {
  static final int MAX_ENTRIES = 20_000;
  static final Duration TTL = Duration.ofMinutes(2);

  private record Key(String clusterId, boolean withExtensions) {}

  private record Entry(long version, AgentService.Delivery delivery, long atNanos) {}

  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final LongSupplier nanos;

  RenderedStates() {
    this(MAX_ENTRIES, System::nanoTime);
  }

  RenderedStates(int maxEntries, LongSupplier nanos) {
    this.maxEntries = maxEntries;
    this.nanos = nanos;
  }

  /** The delivery rendered for exactly this state version, if one is still fresh. */
  AgentService.Delivery get(String clusterId, boolean withExtensions, long version) {
    Entry e = entries.get(new Key(clusterId, withExtensions));
    if (e == null || e.version() != version) {
      return null;
    }
    if (nanos.getAsLong() - e.atNanos() > TTL.toNanos()) {
      entries.remove(new Key(clusterId, withExtensions), e);
      return null;
    }
    return e.delivery();
  }

  /** Keeps a delivery read at {@code version}; an older version never replaces a newer one. */
  void put(String clusterId, boolean withExtensions, long version, AgentService.Delivery d) {
    if (entries.size() >= maxEntries) {
      evict();
    }
    entries.merge(
        new Key(clusterId, withExtensions),
        new Entry(version, d, nanos.getAsLong()),
        (old, fresh) -> old.version() > fresh.version() ? old : fresh);
  }

  /** Drops what expired, and if that is not enough, a tenth of the entries (any). */
  private void evict() {
    long now = nanos.getAsLong();
    entries.values().removeIf(e -> now - e.atNanos() > TTL.toNanos());
    int excess = entries.size() - maxEntries * 9 / 10;
    for (Iterator<Key> it = entries.keySet().iterator(); excess > 0 && it.hasNext(); excess--) {
      it.next();
      it.remove();
    }
  }

  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }
}
