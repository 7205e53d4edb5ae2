package io.flotilla.server.agent;

import io.flotilla.api.agent.ConfigurationStatus;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.agent.StatusReport;
import io.flotilla.api.arm.ComplianceState;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.context.ServiceContext;
import io.flotilla.server.extension.ExtensionService;
import io.flotilla.server.fluxconfig.FluxConfigurationService;
import io.flotilla.server.http.Json;
import io.flotilla.server.store.AuditLog;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.DeletionRepository;
import io.flotilla.server.store.GroupedTransactions;
import io.flotilla.server.store.OperationRepository;
import io.flotilla.server.store.OperationRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The cluster side: desired state out, status and heartbeats in. */
public final class AgentService {
  static final String AGENT_ACTOR_PREFIX = "agent:";

  private final ServiceContext context;
  private final FluxConfigurationService fluxConfigurations;
  private final ClusterRepository clusters = new ClusterRepository();
  private final ConfigurationRepository configs = new ConfigurationRepository();
  private final DeletionRepository deletions = new DeletionRepository();
  private final OperationRepository operations = new OperationRepository();
  private final ExtensionService extensions;
  private final Connectivity connectivity;
  private final ReportBatcher batcher;

  /** Reads grouped per transaction (a reconnecting or woken fleet), at most this many each. */
  static final int MAX_READ_GROUP = 200;

  /** Read groups in flight at once, per kind. */
  static final int READERS = 2;

  private final DesiredStates states;
  private final RenderedStates rendered = new RenderedStates();
  private final GroupedTransactions<DesiredStates.Request, DesiredStates.Loaded> desiredReads;
  private final GroupedTransactions<String, Optional<Long>> versionReads;

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
      ServiceContext context,
      FluxConfigurationService fluxConfigurations,
      ExtensionService extensions,
      Connectivity connectivity) {
    this.context = context;
    this.connectivity = connectivity;
    this.extensions = extensions;
    this.fluxConfigurations = fluxConfigurations;
    this.batcher = new ReportBatcher(context.jdbi(), this::applyAll);
    this.states = new DesiredStates(fluxConfigurations, extensions);
    this.desiredReads =
        new GroupedTransactions<>(
            context.jdbi(), "desired-reads", READERS, MAX_READ_GROUP, states::load);
    this.versionReads =
        new GroupedTransactions<>(
            context.jdbi(),
            "version-reads",
            READERS,
            MAX_READ_GROUP,
            (h, ids) -> {
              Map<String, Long> found = clusters.stateVersions(h, ids);
              return ids.stream().map(id -> Optional.ofNullable(found.get(id))).toList();
            });
  }

  /** Stops the status writer (reports still queued are written first). */
  public void close() {
    batcher.close();
    desiredReads.close();
    versionReads.close();
  }

  /** The quoted ETag of a state version. */
  static String etag(long version) {
    return io.flotilla.server.http.Preconditions.etag(version);
  }

  /** The current state version of the cluster, or empty when the cluster is gone. */
  Optional<Long> currentVersion(String clusterId) {
    // Idle polls are the bulk of the traffic: answer them from memory while the change feed is
    // fresh; local changes drop the cached version at once, other replicas' within a second.
    Optional<Long> cached = context.signals().cachedVersion(clusterId);
    if (cached.isPresent()) {
      return cached;
    }
    long gen = context.signals().generation(clusterId);
    Optional<Long> read = versionReads.submit(clusterId);
    read.ifPresent(v -> context.signals().rememberVersion(clusterId, v, gen));
    return read;
  }

  /** What one fetch of the desired state answers: its ETag and the JSON body, as sent. */
  record Delivery(String etag, byte[] json) {}

  /**
   * Everything the cluster should run, with protected settings decrypted for delivery. An agent
   * that asks for extensions ({@code withExtensions}) gets them in an {@code extensions} list and
   * reports on them; for any other agent, receiving the state counts as installing them. Fetches
   * that arrive together are read together ({@link DesiredStates}); a fetch of {@code version}
   * rendered before is answered from memory ({@link RenderedStates}); a null {@code version} (not
   * read yet) is known only if the signals hold it.
   */
  Optional<Delivery> desired(String clusterId, boolean withExtensions, Long version) {
    Long known =
        version != null ? version : context.signals().cachedVersion(clusterId).orElse(null);
    Delivery done = known == null ? null : rendered.get(clusterId, withExtensions, known);
    if (done != null) {
      return Optional.of(done);
    }
    long gen = context.signals().generation(clusterId);
    DesiredStates.Loaded loaded =
        desiredReads.submit(new DesiredStates.Request(clusterId, withExtensions));
    if (loaded.removed()) {
      context.signals().changed(clusterId);
    } else if (loaded.cluster() != null) {
      // the version read is news when a change's version was not handed over: the agent's next
      // poll must match it, not refetch
      context.signals().rememberVersion(clusterId, loaded.cluster().stateVersion(), gen);
    }
    Optional<Delivery> out = states.render(loaded);
    if (out.isPresent() && loaded.repeatable()) {
      rendered.put(clusterId, withExtensions, loaded.cluster().stateVersion(), out.get());
    }
    return out;
  }

  /** Forgets the deletes recorded more than {@link #DELETIONS_KEPT} ago; returns how many. */
  public int pruneRecordedDeletes() {
    Instant cutoff = context.clock().instant().minus(DELETIONS_KEPT);
    int n = context.withHandle(h -> deletions.prune(h, cutoff));
    if (n > 0) {
      renderedStale();
    }
    return n;
  }

  /**
   * Something that agents receive changed without a new state version (a purge): no delivery
   * rendered before is sent again. Another replica's renderings expire within {@link
   * RenderedStates#TTL}.
   */
  public void renderedStale() {
    rendered.clear();
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
    Instant now = context.clock().instant();
    connectivity.heard(clusterId);
    String body = Json.write(java.util.Arrays.asList(statuses, extensionStatuses));
    Optional<Long> version = context.signals().cachedVersion(clusterId);
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
      context.signals().changed(clusterId);
    } else if (version.isPresent() && version.get() == applied.stateVersion()) {
      lastReports.put(clusterId, new ReportMemo(body, applied.stateVersion(), now));
    }
  }

  /** What applying one report did: whether something was removed, and the state version seen. */
  record Applied(boolean removed, long stateVersion) {}

  /**
   * Applies a group of reports inside the transaction they share: the group's clusters and
   * configurations are read with one query each, and the status updates, observed objects and audit
   * entries written as one batch each at the end.
   */
  List<Applied> applyAll(org.jdbi.v3.core.Handle h, List<ReportBatcher.Report> group) {
    var ids = group.stream().map(ReportBatcher.Report::clusterId).distinct().toList();
    Writes w = new Writes(clusters.findAllById(h, ids), new java.util.HashMap<>());
    configs
        .allOf(h, w.clusters().keySet())
        .forEach((id, rows) -> rows.forEach(r -> w.configs().put(id + "/" + r.name(), r)));
    List<Applied> out = new ArrayList<>(group.size());
    for (ReportBatcher.Report r : group) {
      out.add(apply(h, r, w));
    }
    configs.reportedAll(h, w.updates());
    operations.finishAllUpTo(h, FluxConfigurationService.RESOURCE_TYPE, "put", w.finished());
    configs.saveObservedAll(h, w.observed());
    AuditLog.recordAll(h, w.audit());
    return out;
  }

  /**
   * What a group of reports has read (clusters by id, configurations by "cluster/name", kept
   * current as the group's reports change them) and what it writes at the end.
   */
  private record Writes(
      Map<String, ClusterRow> clusters,
      Map<String, ConfigurationRow> configs,
      List<ConfigurationRow> updates,
      List<ConfigurationRepository.Observed> observed,
      List<OperationRepository.Finish> finished,
      List<AuditLog.Write> audit) {
    Writes(Map<String, ClusterRow> clusters, Map<String, ConfigurationRow> configs) {
      this(
          clusters,
          configs,
          new ArrayList<>(),
          new ArrayList<>(),
          new ArrayList<>(),
          new ArrayList<>());
    }
  }

  /** Applies one report inside a transaction the batcher shares among many reports. */
  private Applied apply(org.jdbi.v3.core.Handle h, ReportBatcher.Report r, Writes w) {
    String clusterId = r.clusterId();
    Instant now = r.at();
    boolean[] removed = {false};
    ClusterRow cluster = w.clusters().get(clusterId);
    if (cluster == null) {
      return new Applied(false, -1); // deleted while the report waited
    }
    long stateVersion = cluster.stateVersion();
    for (ExtensionStatus e : r.extensionStatuses()) {
      removed[0] |= extensions.report(h, cluster, e, AGENT_ACTOR_PREFIX + clusterId);
    }
    for (ConfigurationStatus s : r.statuses()) {
      if (s == null || s.name() == null) {
        continue;
      }
      applyStatus(h, cluster, s, now, removed, w);
    }
    if (removed[0]) {
      // a later report of this cluster in the group sees the version the removal took
      clusters.findById(h, clusterId).ifPresent(c -> w.clusters().put(clusterId, c));
    }
    return new Applied(removed[0], stateVersion);
  }

  private void applyStatus(
      org.jdbi.v3.core.Handle h,
      ClusterRow cluster,
      ConfigurationStatus s,
      Instant now,
      boolean[] removed,
      Writes w) {
    String clusterId = cluster.id();
    ConfigurationRow row = w.configs().get(clusterId + "/" + s.name());
    if (row == null) {
      return;
    }
    String resourceId = cluster.ref().fluxConfigurationId(row.name());
    if (s.deleted()) {
      if (ProvisioningState.DELETING.equals(row.provisioningState())
          && configs.deleteAt(h, clusterId, row.name(), row.version())) {
        w.configs().remove(clusterId + "/" + row.name());
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
        w.audit()
            .add(
                new AuditLog.Write(
                    now, AGENT_ACTOR_PREFIX + clusterId, "deleted", resourceId, null));
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
        w.audit()
            .add(
                new AuditLog.Write(
                    now, AGENT_ACTOR_PREFIX + clusterId, "provisioned", resourceId, newState));
        // only a change of state can leave an operation in progress
        w.finished()
            .add(
                new OperationRepository.Finish(
                    clusterId,
                    row.name(),
                    row.version(),
                    failed ? OperationRow.FAILED : OperationRow.SUCCEEDED,
                    failed ? failureMessage(s) : null,
                    now));
      }
      state = newState;
      if (row.sealedProtectedSettings() != null && confirmedAt == null) {
        confirmedAt = now; // the 48 h purge clock starts now
      }
    }
    FluxConfigurationProperties status =
        FluxConfigurationProperties.of(
            b -> {
              b.statuses = s.statuses() == null ? List.of() : s.statuses();
              b.repositoryPublicKey = s.repositoryPublicKey();
              b.sourceSyncedCommitId = s.sourceSyncedCommitId();
              b.sourceUpdatedAt = s.sourceUpdatedAt();
              b.statusUpdatedAt =
                  s.statusUpdatedAt() == null ? now.toString() : s.statusUpdatedAt();
              b.complianceState =
                  s.complianceState() == null ? ComplianceState.UNKNOWN : s.complianceState();
              b.errorMessage = s.errorMessage() == null ? "" : s.errorMessage();
            });
    ConfigurationRow updated =
        new ConfigurationRow(
            row.clusterId(),
            row.name(),
            row.desired(),
            row.sealedProtectedSettings(),
            confirmedAt,
            row.state().reported(state, Json.write(status)));
    w.updates().add(updated);
    w.configs().put(clusterId + "/" + row.name(), updated);
    if (s.observed() != null) {
      w.observed()
          .add(
              new ConfigurationRepository.Observed(
                  row.clusterId(), row.name(), Json.write(s.observed())));
    }
  }

  private static String failureMessage(ConfigurationStatus s) {
    return s.errorMessage() == null || s.errorMessage().isBlank()
        ? "The agent reported that the configuration failed to apply."
        : s.errorMessage();
  }
}
