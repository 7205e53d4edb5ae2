package io.flotilla.server.agent;

import io.flotilla.api.agent.ConfigurationStatus;
import io.flotilla.api.agent.DesiredConfiguration;
import io.flotilla.api.agent.DesiredState;
import io.flotilla.api.agent.StatusReport;
import io.flotilla.api.arm.ComplianceState;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.fluxconfig.FluxConfigurationService;
import io.flotilla.server.http.Json;
import io.flotilla.server.store.AuditLog;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.OperationRepository;
import io.flotilla.server.store.OperationRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The cluster side: desired state out, status and heartbeats in. */
public final class AgentService {
  static final String AGENT_ACTOR_PREFIX = "agent:";

  private final Jdbi jdbi;
  private final Clock clock;
  private final FluxConfigurationService fluxConfigurations;
  private final DesiredStateSignals signals;
  private final ClusterRepository clusters = new ClusterRepository();
  private final ConfigurationRepository configs = new ConfigurationRepository();
  private final OperationRepository operations = new OperationRepository();

  public AgentService(
      Jdbi jdbi,
      Clock clock,
      FluxConfigurationService fluxConfigurations,
      DesiredStateSignals signals) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.fluxConfigurations = fluxConfigurations;
    this.signals = signals;
  }

  /** The quoted ETag of a state version. */
  static String etag(long version) {
    return "\"" + version + "\"";
  }

  /** The current ETag of the cluster, or empty when the cluster is gone. */
  Optional<String> currentEtag(String clusterId) {
    return jdbi.withHandle(h -> clusters.stateVersion(h, clusterId)).map(AgentService::etag);
  }

  /** Everything the cluster should run, with protected settings decrypted for delivery. */
  Optional<DesiredState> desired(String clusterId) {
    return jdbi.inTransaction(
        h -> {
          Optional<ClusterRow> cluster = clusters.findById(h, clusterId);
          if (cluster.isEmpty()) {
            return Optional.empty();
          }
          List<DesiredConfiguration> out = new ArrayList<>();
          for (ConfigurationRow row : configs.all(h, clusterId)) {
            FluxConfigurationProperties desired =
                Json.read(row.desired(), FluxConfigurationProperties.class)
                    .withProtectedSettings(fluxConfigurations.decryptProtectedSettings(row));
            out.add(
                new DesiredConfiguration(
                    cluster.get().ref().fluxConfigurationId(row.name()),
                    row.name(),
                    row.version(),
                    ProvisioningState.DELETING.equals(row.provisioningState()),
                    desired));
          }
          return Optional.of(new DesiredState(etag(cluster.get().stateVersion()), out));
        });
  }

  void heartbeat(String clusterId) {
    jdbi.useHandle(h -> clusters.touch(h, clusterId, clock.instant()));
  }

  void report(String clusterId, StatusReport report) {
    if (report == null || report.configurations() == null) {
      return;
    }
    Instant now = clock.instant();
    boolean[] removed = {false};
    jdbi.useTransaction(
        h -> {
          ClusterRow cluster = clusters.findById(h, clusterId).orElseThrow();
          clusters.touch(h, clusterId, now);
          for (ConfigurationStatus s : report.configurations()) {
            if (s == null || s.name() == null) {
              continue;
            }
            Optional<ConfigurationRow> found = configs.find(h, clusterId, s.name());
            if (found.isEmpty()) {
              continue;
            }
            ConfigurationRow row = found.get();
            String resourceId = cluster.ref().fluxConfigurationId(row.name());
            if (s.deleted()) {
              if (ProvisioningState.DELETING.equals(row.provisioningState())) {
                configs.delete(h, clusterId, row.name());
                clusters.bumpStateVersion(h, clusterId);
                operations.finish(
                    h,
                    clusterId,
                    FluxConfigurationService.RESOURCE_TYPE,
                    row.name(),
                    "delete",
                    null,
                    OperationRow.SUCCEEDED,
                    null,
                    now);
                AuditLog.record(
                    h, now, AGENT_ACTOR_PREFIX + clusterId, "deleted", resourceId, null);
                removed[0] = true;
              }
              continue;
            }
            String state = row.provisioningState();
            Instant confirmedAt = row.protectedConfirmedAt();
            boolean current = s.appliedVersion() == row.version();
            if (current && !ProvisioningState.DELETING.equals(state)) {
              boolean failed = ProvisioningState.FAILED.equals(s.provisioningState());
              String newState = failed ? ProvisioningState.FAILED : ProvisioningState.SUCCEEDED;
              if (!newState.equals(state)) {
                AuditLog.record(
                    h, now, AGENT_ACTOR_PREFIX + clusterId, "provisioned", resourceId, newState);
              }
              state = newState;
              operations.finish(
                  h,
                  clusterId,
                  FluxConfigurationService.RESOURCE_TYPE,
                  row.name(),
                  "put",
                  row.version(),
                  failed ? OperationRow.FAILED : OperationRow.SUCCEEDED,
                  failed ? failureMessage(s) : null,
                  now);
              if (row.sealedProtectedSettings() != null && confirmedAt == null) {
                confirmedAt = now; // the 48 h purge clock starts now
              }
            }
            FluxConfigurationProperties status =
                new FluxConfigurationProperties(
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    s.statuses() == null ? List.of() : s.statuses(),
                    s.repositoryPublicKey(),
                    s.sourceSyncedCommitId(),
                    s.sourceUpdatedAt(),
                    s.statusUpdatedAt() == null ? now.toString() : s.statusUpdatedAt(),
                    null,
                    null,
                    s.complianceState() == null ? ComplianceState.UNKNOWN : s.complianceState(),
                    null,
                    s.errorMessage() == null ? "" : s.errorMessage());
            configs.update(
                h,
                new ConfigurationRow(
                    row.clusterId(),
                    row.name(),
                    row.desired(),
                    row.sealedProtectedSettings(),
                    confirmedAt,
                    row.version(),
                    state,
                    Json.write(status),
                    row.createdAt(),
                    row.createdBy(),
                    row.modifiedAt(),
                    row.modifiedBy()));
          }
        });
    if (removed[0]) {
      signals.changed(clusterId);
    }
  }

  private static String failureMessage(ConfigurationStatus s) {
    return s.errorMessage() == null || s.errorMessage().isBlank()
        ? "The agent reported that the configuration failed to apply."
        : s.errorMessage();
  }
}
