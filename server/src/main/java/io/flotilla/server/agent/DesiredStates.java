package io.flotilla.server.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.agent.DeletedConfiguration;
import io.flotilla.api.agent.DesiredConfiguration;
import io.flotilla.api.agent.DesiredState;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.extension.ExtensionService;
import io.flotilla.server.fluxconfig.FluxConfigurationService;
import io.flotilla.server.http.Json;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.DeletionRepository;
import io.flotilla.server.store.ExtensionRepository;
import io.flotilla.server.store.ExtensionRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Renders the desired state of many clusters at once: one query per table for a whole group of
 * agents (those woken by one assignment's fan-out, or reconnecting together) instead of a
 * transaction of five queries per agent. The per-cluster extension calls run only for clusters that
 * have extensions, and {@link ExtensionService#delivered} only where one is still in progress.
 */
final class DesiredStates {
  /** One agent's fetch: its cluster and whether it manages extensions itself. */
  record Request(String clusterId, boolean withExtensions) {}

  /**
   * What a fetch answers: null {@code delivery} when the cluster is gone; {@code removed} when
   * delivering it removed an extension (the cluster's state changed again).
   */
  record Rendered(AgentService.Delivery delivery, boolean removed) {}

  private static final Set<String> IN_PROGRESS =
      Set.of(ProvisioningState.CREATING, ProvisioningState.UPDATING, ProvisioningState.DELETING);

  private final FluxConfigurationService fluxConfigurations;
  private final ExtensionService extensions;
  private final ClusterRepository clusters = new ClusterRepository();
  private final ConfigurationRepository configs = new ConfigurationRepository();
  private final DeletionRepository deletions = new DeletionRepository();
  private final ExtensionRepository extensionRows = new ExtensionRepository();

  DesiredStates(FluxConfigurationService fluxConfigurations, ExtensionService extensions) {
    this.fluxConfigurations = fluxConfigurations;
    this.extensions = extensions;
  }

  /** Renders a group inside its transaction; answers in the group's order. */
  List<Rendered> render(Handle h, List<Request> group) {
    Set<String> ids = new LinkedHashSet<>();
    group.forEach(r -> ids.add(r.clusterId()));
    Map<String, ClusterRow> rows = clusters.findAllById(h, ids);
    Map<String, List<ConfigurationRow>> configurations = configs.allOf(h, rows.keySet());
    Map<String, List<DeletionRepository.Deletion>> deleted = deletions.allOf(h, rows.keySet());
    Map<String, List<ExtensionRow>> withExtensions = extensionRows.allOf(h, rows.keySet());
    // one agent may ask twice in a group: it gets one rendering, and delivery runs once
    Map<Request, Rendered> done = new HashMap<>();
    List<Rendered> out = new ArrayList<>(group.size());
    for (Request r : group) {
      out.add(
          done.computeIfAbsent(
              r,
              k ->
                  render(
                      h,
                      k,
                      rows.get(k.clusterId()),
                      configurations.getOrDefault(k.clusterId(), List.of()),
                      deleted.getOrDefault(k.clusterId(), List.of()),
                      withExtensions.getOrDefault(k.clusterId(), List.of()))));
    }
    return out;
  }

  private Rendered render(
      Handle h,
      Request r,
      ClusterRow cluster,
      List<ConfigurationRow> configurations,
      List<DeletionRepository.Deletion> deleted,
      List<ExtensionRow> extensionsOfCluster) {
    if (cluster == null) {
      return new Rendered(null, false);
    }
    DesiredState state = state(cluster, configurations, deleted);
    if (r.withExtensions()) {
      ObjectNode body = Json.MAPPER.valueToTree(state);
      body.set(
          "extensions",
          extensionsOfCluster.isEmpty()
              ? Json.MAPPER.createArrayNode()
              : extensions.desired(h, cluster));
      return new Rendered(new AgentService.Delivery(state.etag(), body), false);
    }
    boolean removed =
        extensionsOfCluster.stream().anyMatch(e -> IN_PROGRESS.contains(e.provisioningState()))
            && extensions.delivered(
                h, cluster, cluster.stateVersion(), AgentService.AGENT_ACTOR_PREFIX + cluster.id());
    return new Rendered(new AgentService.Delivery(state.etag(), state), removed);
  }

  private DesiredState state(
      ClusterRow cluster,
      List<ConfigurationRow> configurations,
      List<DeletionRepository.Deletion> deleted) {
    ClusterRef ref = cluster.ref();
    List<DesiredConfiguration> out = new ArrayList<>(configurations.size());
    for (ConfigurationRow row : configurations) {
      FluxConfigurationProperties desired =
          Json.read(row.desired(), FluxConfigurationProperties.class)
              .withProtectedSettings(fluxConfigurations.decryptProtectedSettings(row));
      out.add(
          new DesiredConfiguration(
              ref.fluxConfigurationId(row.name()),
              row.name(),
              row.version(),
              ProvisioningState.DELETING.equals(row.provisioningState()),
              desired,
              row.modifiedAt().toString()));
    }
    List<DeletedConfiguration> gone =
        deleted.stream()
            .map(
                d ->
                    new DeletedConfiguration(
                        ref.fluxConfigurationId(d.name()), d.name(), d.deletedAt().toString()))
            .toList();
    return new DesiredState(
        AgentService.etag(cluster.stateVersion()), ref.resourceId(), out, gone, null);
  }
}
