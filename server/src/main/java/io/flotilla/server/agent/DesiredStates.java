package io.flotilla.server.agent;

import io.flotilla.api.agent.DeletedConfiguration;
import io.flotilla.api.agent.DesiredConfiguration;
import io.flotilla.api.agent.DesiredExtension;
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
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Reads the desired state of many clusters at once: one query per table for a whole group of agents
 * (those woken by one assignment's fan-out, or reconnecting together) instead of a transaction of
 * five queries per agent. The per-cluster extension calls run only for clusters that have
 * extensions, and {@link ExtensionService#delivered} only where one is still in progress. Rendering
 * (JSON, decrypting protected settings) runs after the commit on each fetch's own thread, so a
 * group's transaction holds its connection only for its queries.
 */
final class DesiredStates {
  /** One agent's fetch: its cluster and whether it manages extensions itself. */
  record Request(String clusterId, boolean withExtensions) {}

  /**
   * What a fetch read inside its group's transaction: null {@code cluster} when the cluster is
   * gone; {@code extensions} only for an agent that asked for them; {@code removed} when delivering
   * the state removed an extension (the cluster's state changed again); {@code repeatable} when
   * fetching the same version again needs nothing done but sending the same answer (no extension
   * whose delivery counts as installing it). Rendering it ({@link #render}) happens outside the
   * transaction, on the fetching request's own thread.
   */
  record Loaded(
      ClusterRow cluster,
      List<ConfigurationRow> configurations,
      List<DeletionRepository.Deletion> deleted,
      List<DesiredExtension> extensions,
      boolean removed,
      boolean repeatable) {}

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

  /** Reads a group inside its transaction; answers in the group's order. */
  List<Loaded> load(Handle h, List<Request> group) {
    Set<String> ids = new LinkedHashSet<>();
    group.forEach(r -> ids.add(r.clusterId()));
    Map<String, ClusterRow> rows = clusters.findAllById(h, ids);
    Map<String, List<ConfigurationRow>> configurations = configs.allOf(h, rows.keySet());
    Map<String, List<DeletionRepository.Deletion>> deleted = deletions.allOf(h, rows.keySet());
    Map<String, List<ExtensionRow>> withExtensions = extensionRows.allOf(h, rows.keySet());
    // one agent may ask twice in a group: it gets one reading, and delivery runs once
    Map<Request, Loaded> done = new HashMap<>();
    List<Loaded> out = new ArrayList<>(group.size());
    for (Request r : group) {
      out.add(
          done.computeIfAbsent(
              r,
              k -> {
                ClusterRow cluster = rows.get(k.clusterId());
                if (cluster == null) {
                  return new Loaded(null, List.of(), List.of(), null, false, false);
                }
                return load(
                    h,
                    k,
                    cluster,
                    configurations.getOrDefault(k.clusterId(), List.of()),
                    deleted.getOrDefault(k.clusterId(), List.of()),
                    withExtensions.getOrDefault(k.clusterId(), List.of()));
              }));
    }
    return out;
  }

  private Loaded load(
      Handle h,
      Request r,
      ClusterRow cluster,
      List<ConfigurationRow> configurations,
      List<DeletionRepository.Deletion> deleted,
      List<ExtensionRow> extensionsOfCluster) {
    if (r.withExtensions()) {
      List<DesiredExtension> desired =
          extensionsOfCluster.isEmpty() ? List.of() : extensions.desired(h, cluster);
      return new Loaded(cluster, configurations, deleted, desired, false, true);
    }
    boolean inProgress =
        extensionsOfCluster.stream().anyMatch(e -> IN_PROGRESS.contains(e.provisioningState()));
    boolean removed =
        inProgress
            && extensions.delivered(
                h, cluster, cluster.stateVersion(), AgentService.AGENT_ACTOR_PREFIX + cluster.id());
    return new Loaded(cluster, configurations, deleted, null, removed, !inProgress);
  }

  /** The delivery of what was read, or empty when the cluster is gone. */
  Optional<AgentService.Delivery> render(Loaded l) {
    if (l.cluster() == null) {
      return Optional.empty();
    }
    DesiredState state = state(l.cluster(), l.configurations(), l.deleted());
    DesiredState body =
        l.extensions() == null
            ? state
            : new DesiredState(
                state.etag(),
                state.cluster(),
                state.configurations(),
                state.deleted(),
                l.extensions());
    return Optional.of(new AgentService.Delivery(state.etag(), json(body)));
  }

  private static byte[] json(DesiredState body) {
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
              row.authorship().modifiedAt().toString()));
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
