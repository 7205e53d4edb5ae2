package io.flotilla.server.security;

import io.flotilla.server.store.ClusterRepository.TokenRow;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Tokens this replica has verified, so that an agent's polls cost neither a database read nor a
 * hash. Keyed by the token itself (it is in memory with every request anyway); only valid tokens
 * are kept, so a flood of bad tokens cannot grow it. Entries live until the token's cluster changes
 * its token or is deleted: locally at once, on other replicas when the change feed ({@code
 * AgentService#refreshVersions}) reports it, within about a second.
 */
public final class TokenCache {
  private static final int MAX_ENTRIES = 200_000;

  private final ConcurrentHashMap<String, TokenRow> entries = new ConcurrentHashMap<>();

  /** A cluster has one agent token at a time: the cached one, by cluster. */
  private final ConcurrentHashMap<String, String> byCluster = new ConcurrentHashMap<>();

  /** The token's row, from memory or else from {@code load} (given the token's hash). */
  public Optional<TokenRow> find(String token, Function<String, Optional<TokenRow>> load) {
    TokenRow known = entries.get(token);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<TokenRow> found = load.apply(Tokens.hash(token));
    if (found.isPresent()) {
      if (entries.size() >= MAX_ENTRIES) {
        invalidateAll();
      }
      entries.put(token, found.get());
      if (found.get().clusterId() != null) {
        String previous = byCluster.put(found.get().clusterId(), token);
        if (previous != null && !previous.equals(token)) {
          entries.remove(previous);
        }
      }
    }
    return found;
  }

  /** Drops the cached tokens of one cluster (its token was replaced, or it was deleted). */
  public void invalidateCluster(String clusterId) {
    String token = byCluster.remove(clusterId);
    if (token != null) {
      entries.remove(token);
    }
  }

  public void invalidateAll() {
    entries.clear();
    byCluster.clear();
  }
}
