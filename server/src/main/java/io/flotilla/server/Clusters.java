package io.flotilla.server;

import io.flotilla.api.arm.ClusterRef;

/** The in-process cluster registry, used by {@code flotilla up} to connect its own cluster. */
public interface Clusters {
  /**
   * Registers (or finds) a connected cluster; idempotent on the {@link ClusterRef}, compared
   * case-insensitively as ARM compares resource ids.
   */
  RegisteredCluster register(ClusterRef ref, String location);

  /**
   * Issues a fresh agent token for the cluster (the old one stops working); returns it in clear.
   */
  String issueAgentToken(String clusterId);
}
