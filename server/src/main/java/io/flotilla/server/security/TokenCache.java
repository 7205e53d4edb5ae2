package io.flotilla.server.security;

import io.flotilla.server.store.ClusterRepository.TokenRow;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Known token hashes, kept briefly so that an agent's polls do not each cost a database read. Only
 * valid tokens are cached (a flood of bad tokens cannot grow it); this replica drops the whole
 * cache whenever it replaces or deletes tokens, other replicas notice within {@link #TTL}.
 */
public final class TokenCache {
  public static final Duration TTL = Duration.ofSeconds(5);
  private static final int MAX_ENTRIES = 200_000;

  private record Entry(TokenRow row, long at) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  public Optional<TokenRow> find(String hash, Function<String, Optional<TokenRow>> load) {
    Entry e = entries.get(hash);
    long now = System.nanoTime();
    if (e != null && now - e.at() < TTL.toNanos()) {
      return Optional.of(e.row());
    }
    Optional<TokenRow> found = load.apply(hash);
    if (found.isPresent()) {
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
      entries.put(hash, new Entry(found.get(), now));
    } else {
      entries.remove(hash);
    }
    return found;
  }

  public void invalidateAll() {
    entries.clear();
  }
}
