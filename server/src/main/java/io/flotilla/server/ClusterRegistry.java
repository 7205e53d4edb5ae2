package io.flotilla.server;

import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ConnectedCluster;
import io.flotilla.server.cluster.ClusterService;
import io.flotilla.server.store.ClusterRow;
import java.util.List;

/**
 * {@link Clusters} over the cluster service. The service does not implement the interface itself:
 * {@code cluster} would then import this package, which wires every package, a cycle.
 */
record ClusterRegistry(ClusterService service) implements Clusters {
  @Override
  public RegisteredCluster register(ClusterRef ref, String location) {
    ClusterRow row = service.register(ref, location);
    return new RegisteredCluster(row.id(), row.ref());
  }

  @Override
  public String issueAgentToken(String clusterId) {
    return service.issueAgentToken(clusterId);
  }

  @Override
  public List<ConnectedCluster> list(String subscription, String resourceGroup) {
    return service.list(subscription, resourceGroup);
  }
}
