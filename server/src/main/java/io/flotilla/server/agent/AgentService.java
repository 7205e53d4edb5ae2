package io.flotilla.server.agent;

import io.flotilla.api.agent.ConfigurationStatus;
import io.flotilla.api.agent.DeletedConfiguration;
import io.flotilla.api.agent.DesiredConfiguration;
import io.flotilla.api.agent.DesiredState;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.agent.StatusReport;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ComplianceState;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.extension.ExtensionService;
import io.flotilla.server.fluxconfig.FluxConfigurationService;
import io.flotilla.server.http.Json;
import io.flotilla.server.store.AuditLog;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.DeletionRepository;
import io.flotilla.server.store.OperationRepository;
import io.flotilla.server.store.OperationRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
  private final DeletionRepository deletions = new DeletionRepository();
  private final OperationRepository operations = new OperationRepository();
  private final ExtensionService extensions;
  private final Connectivity connectivity;
  private final ReportBatcher batcher;

  /**
   * The last status report applied per cluster, so an agent repeating itself costs no database
   * work. Trusted only while the cluster's desired state has not changed and for {@link
   * #REPORT_MEMO_TTL}: another replica may have applied a different report meanwhile.
   */
  private final ConcurrentHashMap<String, ReportMemo> lastReports = new ConcurrentHashMap<>();

  static final Duration REPORT_MEMO_TTL = Duration.ofMinutes(5);

  /**
   * How long a recorded delete is sent to the agent: Azure's 48 hours, after which a request the
   * cluster did not pick up has timed out. An agent back later keeps such a configuration and says
   * so rather than guess.
   */
  public static final Duration DELETIONS_KEPT = Duration.ofHours(48);

  private record ReportMemo(String body, long stateVersion, Instant at) {}

  public AgentService(
      Jdbi jdbi,
      Clock clock,
      FluxConfigurationService fluxConfigurations,
      ExtensionService extensions,
      DesiredStateSignals signals,
      Connectivity connectivity) {
    this.connectivity = connectivity;
    this.extensions = extensions;
    this.jdbi = jdbi;
    this.clock = clock;
    this.fluxConfigurations = fluxConfigurations;
    this.signals = signals;
    this.batcher = new ReportBatcher(jdbi, this::apply);
  }

  /** Stops the status writer (reports still queued are written first). */
  public void close() {
    batcher.close();
  }

  /** The quoted ETag of a state version. */
  static String etag(long version) {
    return "\"" + version + "\"";
  }

  /** The current ETag of the cluster, or empty when the cluster is gone. */
  Optional<String> currentEtag(String clusterId) {
    // Idle polls are the bulk of the traffic: answer them from memory while the change feed is
    // fresh; local changes drop the cached version at once, other replicas' within a second.
    Optional<Long> cached = signals.cachedVersion(clusterId);
    if (cached.isPresent()) {
      return cached.map(AgentService::etag);
    }
    long gen = signals.generation(clusterId);
    Optional<Long> read = jdbi.withHandle(h -> clusters.stateVersion(h, clusterId));
    read.ifPresent(v -> signals.rememberVersion(clusterId, v, gen));
    return read.map(AgentService::etag);
  }

  /** What one fetch of the desired state answers: its ETag and the JSON body. */
  record Delivery(String etag, Object body) {}

  /**
   * Everything the cluster should run, with protected settings decrypted for delivery. An agent
   * that asks for extensions ({@code withExtensions}) gets them in an {@code extensions} list and
   * reports on them; for any other agent, receiving the state counts as installing them.
   */
  Optional<Delivery> desired(String clusterId, boolean withExtensions) {
    boolean[] removed = {false};
    Optional<Delivery> result =
        jdbi.inTransaction(
            h -> {
              Optional<DesiredState> state = desiredState(h, clusterId);
              if (state.isEmpty()) {
                return Optional.<Delivery>empty();
              }
              ClusterRow cluster = clusters.findById(h, clusterId).orElseThrow();
              long version = Long.parseLong(state.get().etag().replace("\"", ""));
              if (withExtensions) {
                DesiredState s = state.get();
                DesiredState body =
                    new DesiredState(
                        s.etag(),
                        s.cluster(),
                        s.configurations(),
                        s.deleted(),
                        extensions.desired(h, cluster));
                return Optional.of(new Delivery(s.etag(), body));
              }
              removed[0] =
                  extensions.delivered(h, cluster, version, AGENT_ACTOR_PREFIX + clusterId);
              return Optional.of(new Delivery(state.get().etag(), state.get()));
            });
    if (removed[0]) {
      signals.changed(clusterId);
    }
    return result;
  }

  Optional<DesiredState> desired(String clusterId) {
    return jdbi.inTransaction(h -> desiredState(h, clusterId));
  }

  private Optional<DesiredState> desiredState(org.jdbi.v3.core.Handle h, String clusterId) {
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
              desired,
              row.modifiedAt().toString()));
    }
    ClusterRef ref = cluster.get().ref();
    List<DeletedConfiguration> deleted =
        deletions.all(h, clusterId).stream()
            .map(
                d ->
                    new DeletedConfiguration(
                        ref.fluxConfigurationId(d.name()), d.name(), d.deletedAt().toString()))
            .toList();
    return Optional.of(
        new DesiredState(etag(cluster.get().stateVersion()), ref.resourceId(), out, deleted, null));
  }

  /** Forgets the deletes recorded more than {@link #DELETIONS_KEPT} ago; returns how many. */
  public int pruneRecordedDeletes() {
    Instant cutoff = clock.instant().minus(DELETIONS_KEPT);
    return jdbi.withHandle(h -> deletions.prune(h, cutoff));
  }

  /**
   * Records that the agent is alive; written to the database in batches by {@link Connectivity}.
   */
  void heartbeat(String clusterId) {
    connectivity.heard(clusterId);
  }

  void report(String clusterId, StatusReport report) {
    report(clusterId, report, List.of());
  }

  void report(String clusterId, StatusReport report, List<ExtensionStatus> extensionStatuses) {
    if ((report == null || report.configurations() == null) && extensionStatuses.isEmpty()) {
      return;
    }
    List<ConfigurationStatus> statuses =
        report == null || report.configurations() == null ? List.of() : report.configurations();
    Instant now = clock.instant();
    connectivity.heard(clusterId);
    String body = Json.write(java.util.Arrays.asList(statuses, extensionStatuses));
    Optional<Long> version = signals.cachedVersion(clusterId);
    ReportMemo memo = lastReports.get(clusterId);
    if (memo != null
        && version.isPresent()
        && memo.stateVersion() == version.get()
        && memo.body().equals(body)
        && memo.at().plus(REPORT_MEMO_TTL).isAfter(now)) {
      return; // nothing new: the stored status is exactly this report
    }
    lastReports.remove(clusterId);
    Applied applied =
        batcher.submit(new ReportBatcher.Report(clusterId, statuses, extensionStatuses, now));
    if (applied.removed()) {
      signals.changed(clusterId);
    } else if (version.isPresent() && version.get() == applied.stateVersion()) {
      lastReports.put(clusterId, new ReportMemo(body, applied.stateVersion(), now));
    }
  }

  /** What applying one report did: whether something was removed, and the state version seen. */
  record Applied(boolean removed, long stateVersion) {}

  /** Applies one report inside a transaction the batcher shares among many reports. */
  Applied apply(org.jdbi.v3.core.Handle h, ReportBatcher.Report r) {
    String clusterId = r.clusterId();
    Instant now = r.at();
    boolean[] removed = {false};
    Optional<ClusterRow> found = clusters.findById(h, clusterId);
    if (found.isEmpty()) {
      return new Applied(false, -1); // deleted while the report waited
    }
    ClusterRow cluster = found.get();
    long stateVersion = cluster.stateVersion();
    for (ExtensionStatus e : r.extensionStatuses()) {
      removed[0] |= extensions.report(h, cluster, e, AGENT_ACTOR_PREFIX + clusterId);
    }
    for (ConfigurationStatus s : r.statuses()) {
      if (s == null || s.name() == null) {
        continue;
      }
      applyStatus(h, cluster, s, now, removed);
    }
    return new Applied(removed[0], stateVersion);
  }

  private void applyStatus(
      org.jdbi.v3.core.Handle h,
      ClusterRow cluster,
      ConfigurationStatus s,
      Instant now,
      boolean[] removed) {
    String clusterId = cluster.id();
    Optional<ConfigurationRow> found = configs.find(h, clusterId, s.name());
    if (found.isEmpty()) {
      return;
    }
    ConfigurationRow row = found.get();
    String resourceId = cluster.ref().fluxConfigurationId(row.name());
    if (s.deleted()) {
      if (ProvisioningState.DELETING.equals(row.provisioningState())) {
        configs.delete(h, clusterId, row.name());
        deletions.record(h, clusterId, row.name(), now);
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
        AuditLog.record(h, now, AGENT_ACTOR_PREFIX + clusterId, "deleted", resourceId, null);
        removed[0] = true;
      }
      return;
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
        // only a change of state can leave an operation in progress
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
      }
      state = newState;
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
    if (s.observed() != null) {
      configs.saveObserved(h, row.clusterId(), row.name(), Json.write(s.observed()));
    }
  }

  private static String failureMessage(ConfigurationStatus s) {
    return s.errorMessage() == null || s.errorMessage().isBlank()
        ? "The agent reported that the configuration failed to apply."
        : s.errorMessage();
  }
}
