package io.flotilla.server;

import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ConnectedCluster;
import java.util.List;

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

  /** The clusters registered in a subscription ({@code resourceGroup} null: in every group). */
  List<ConnectedCluster> list(String subscription, String resourceGroup);
}
