package io.flotilla.server.fluxconfig;

import io.flotilla.api.arm.ComplianceState;
import io.flotilla.api.arm.FluxConfiguration;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.http.Json;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.OwnerRepository;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The ARM view of a stored flux configuration: desired fields, the reported status with the
 * service's offline rule, provisioningState and the assignment that manages it; never the secrets.
 */
final class ConfigurationView {
  private final Connectivity connectivity;
  private final OwnerRepository owners = new OwnerRepository();

  ConfigurationView(Connectivity connectivity) {
    this.connectivity = connectivity;
  }

  static FluxConfigurationProperties initialStatus() {
    return status(ComplianceState.UNKNOWN, List.of(), null, null, null, null, "", null);
  }

  static FluxConfigurationProperties status(
      String complianceState,
      List<io.flotilla.api.arm.ObjectStatusDefinition> statuses,
      String sourceSyncedCommitId,
      String sourceUpdatedAt,
      String statusUpdatedAt,
      String repositoryPublicKey,
      String errorMessage,
      String provisioningState) {
    return FluxConfigurationProperties.of(
        b -> {
          b.statuses = statuses;
          b.repositoryPublicKey = repositoryPublicKey;
          b.sourceSyncedCommitId = sourceSyncedCommitId;
          b.sourceUpdatedAt = sourceUpdatedAt;
          b.statusUpdatedAt = statusUpdatedAt;
          b.complianceState = complianceState;
          b.provisioningState = provisioningState;
          b.errorMessage = errorMessage;
        });
  }

  /**
   * The ARM view of a row: desired fields, status, provisioningState; never the secrets. When the
   * cluster is disconnected the stored status is shown as it was, but its compliance as Unknown
   * with a message saying how old it is, so nobody takes old compliance for current.
   */
  FluxConfiguration render(Handle h, ClusterRow cluster, ConfigurationRow row) {
    return render(
        cluster,
        row,
        owners.find(h, cluster.id(), row.name()).map(OwnerRepository.Owner::ownerId).orElse(null));
  }

  FluxConfiguration render(ClusterRow cluster, ConfigurationRow row, String managedBy) {
    FluxConfigurationProperties desired =
        Json.read(row.desired(), FluxConfigurationProperties.class);
    FluxConfigurationProperties s = Json.read(row.status(), FluxConfigurationProperties.class);
    String compliance = s.complianceState() == null ? ComplianceState.UNKNOWN : s.complianceState();
    String error = s.errorMessage() == null ? "" : s.errorMessage();
    Instant lastSeen = connectivity.lastSeen(cluster.id(), cluster.lastSeenAt());
    if (connectivity.offline(lastSeen)
        && (lastSeen != null || !ComplianceState.UNKNOWN.equals(compliance))) {
      compliance = ComplianceState.UNKNOWN;
      error = disconnected(cluster, lastSeen, s.statusUpdatedAt());
    }
    FluxConfigurationProperties withState =
        status(
            compliance,
            s.statuses() == null ? List.of() : s.statuses(),
            s.sourceSyncedCommitId(),
            s.sourceUpdatedAt(),
            s.statusUpdatedAt(),
            s.repositoryPublicKey(),
            error,
            row.provisioningState());
    return new FluxConfiguration(
        cluster.ref().fluxConfigurationId(row.name()),
        row.name(),
        FluxConfiguration.TYPE,
        row.authorship().systemData(),
        desired.withStatusOf(withState).withProtectedSettings(null),
        managedBy);
  }

  static String disconnected(ClusterRow cluster, Instant lastSeen, String statusUpdatedAt) {
    return "Cluster "
        + cluster.ref().clusterName()
        + " is disconnected: "
        + (lastSeen == null ? "no heartbeat received" : "last heartbeat " + lastSeen)
        + (statusUpdatedAt == null || statusUpdatedAt.isBlank()
            ? "; no status has been reported"
            : "; status below was last reported at " + statusUpdatedAt);
  }
}
