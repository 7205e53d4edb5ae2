package io.flotilla.server.agent;

import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.context.ServiceContext;
import io.flotilla.server.security.TokenCache;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRepository.Change;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a replica learns what other replicas changed: every change to a cluster's desired state or
 * token takes the next number of one database sequence ({@code change_seq}), and this feed asks
 * once a second for the rows numbered after what it has seen — one indexed query, whatever the
 * fleet size. It then wakes the polls of changed clusters, drops replaced or deleted tokens, and
 * marks the version cache fresh so idle polls need no database at all.
 *
 * <p>A sequence number is taken inside a transaction, so a number can become visible after larger
 * ones. The feed therefore re-reads the last {@link #LOOKBACK} polls' worth of numbers each time (a
 * transaction slower than that is caught by the full re-read every {@link #FULL_EVERY} polls). Not
 * thread-safe: one scheduled job calls {@link #poll()}.
 */
public final class ChangeFeed {
  static final int LOOKBACK = 5;
  static final int FULL_EVERY = 300;

  private final ServiceContext context;
  private final TokenCache tokens;
  private final Connectivity connectivity;
  private final ClusterRepository clusters = new ClusterRepository();
  private final Map<String, Long> tokenVersions = new HashMap<>();
  private final long[] marks = new long[LOOKBACK];
  private int polls;

  public ChangeFeed(ServiceContext context, TokenCache tokens, Connectivity connectivity) {
    this.context = context;
    this.tokens = tokens;
    this.connectivity = connectivity;
  }

  /** Reads the feed once; returns how many clusters' polls it woke. */
  public int poll() {
    boolean full = polls % FULL_EVERY == 0;
    long from = marks[polls % LOOKBACK];
    List<Change> changes =
        context.withHandle(h -> full ? clusters.allVersions(h) : clusters.changesAfter(h, from));
    long newest = marks[(polls + LOOKBACK - 1) % LOOKBACK];
    int woken = 0;
    for (Change c : changes) {
      newest = Math.max(newest, c.seq());
      if (c.deleted()) {
        context.signals().forget(c.clusterId());
        tokens.invalidateCluster(c.clusterId());
        connectivity.forget(c.clusterId());
        tokenVersions.remove(c.clusterId());
        continue;
      }
      Long known = tokenVersions.put(c.clusterId(), c.tokenVersion());
      if (known == null ? polls > 0 : known != c.tokenVersion()) {
        tokens.invalidateCluster(c.clusterId());
      }
      if (context.signals().advance(c.clusterId(), c.stateVersion())) {
        woken++;
      }
    }
    if (full && polls > 0) {
      // A full read also finds clusters deleted without a trace in the feed (pruned deletions).
      var present = new java.util.HashSet<String>();
      changes.forEach(c -> present.add(c.clusterId()));
      for (var it = tokenVersions.keySet().iterator(); it.hasNext(); ) {
        String id = it.next();
        if (!present.contains(id)) {
          it.remove();
          context.signals().forget(id);
          tokens.invalidateCluster(id);
          connectivity.forget(id);
        }
      }
    }
    marks[polls % LOOKBACK] = newest;
    polls++;
    context.signals().markFresh();
    return woken;
  }
}
