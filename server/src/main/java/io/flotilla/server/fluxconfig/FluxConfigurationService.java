package io.flotilla.server.fluxconfig;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ComplianceState;
import io.flotilla.api.arm.FluxConfiguration;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.SystemData;
import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.http.ArmErrors;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.http.RequestBodies;
import io.flotilla.server.security.ProtectedSettingsCipher;
import io.flotilla.server.signals.DesiredStateSignals;
import io.flotilla.server.store.AuditLog;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.DeletionRepository;
import io.flotilla.server.store.OperationRepository;
import io.flotilla.server.store.OperationRow;
import io.flotilla.server.store.OwnerRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The rules and transactions of flux configurations; HTTP lives in the controller. */
public final class FluxConfigurationService {
  public static final String RESOURCE_TYPE = "fluxConfigurations";
  static final int PAGE_SIZE = 100;

  private final Jdbi jdbi;
  private final Clock clock;
  private final ProtectedSettingsCipher cipher;
  private final DesiredStateSignals signals;
  private final ClusterRepository clusters = new ClusterRepository();
  private final ConfigurationRepository configs = new ConfigurationRepository();
  private final DeletionRepository deletions = new DeletionRepository();
  private final OperationRepository operations = new OperationRepository();
  private final ConfigurationLifecycle lifecycle;
  private final OwnerRepository owners = new OwnerRepository();

  private final Connectivity connectivity;

  public FluxConfigurationService(
      Jdbi jdbi,
      Clock clock,
      ProtectedSettingsCipher cipher,
      DesiredStateSignals signals,
      Connectivity connectivity) {
    this.connectivity = connectivity;
    this.jdbi = jdbi;
    this.clock = clock;
    this.cipher = cipher;
    this.signals = signals;
    this.lifecycle = new ConfigurationLifecycle(cipher);
  }

  /** Told the cluster id after each write through this API (assignments look for drift). */
  private final List<java.util.function.Consumer<String>> writeListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public void onWrite(java.util.function.Consumer<String> listener) {
    writeListeners.add(listener);
  }

  private void written(String clusterId) {
    signals.changed(clusterId);
    writeListeners.forEach(l -> l.accept(clusterId));
  }

  /** The shared lifecycle, for assignments that write configurations of their own. */
  public ConfigurationLifecycle lifecycle() {
    return lifecycle;
  }

  public record PutResult(
      boolean created, FluxConfiguration resource, String operationId, String etag) {}

  /** A resource with its ETag. */
  public record Tagged(FluxConfiguration resource, String etag) {}

  public enum DeleteOutcome {
    ABSENT,
    DELETED,
    DELETING
  }

  public record DeleteResult(DeleteOutcome outcome, String operationId) {}

  /** The ETag of a configuration: its version, which grows with every change to it. */
  static String etag(ConfigurationRow row) {
    return Preconditions.etag(row.version());
  }

  public record Page(List<FluxConfiguration> items, String lastName, boolean more) {}

  public record OperationStatus(String id, String name, String status, String errorMessage) {}

  public PutResult put(ClusterRef ref, String name, FluxConfiguration body, String actor) {
    return put(ref, name, body, actor, Preconditions.NONE);
  }

  public PutResult put(
      ClusterRef ref,
      String name,
      FluxConfiguration body,
      String actor,
      Preconditions preconditions) {
    FluxConfigurationProperties in = body.properties();
    FluxConfigurationProperties desired = FluxConfigurationRules.validateAndDefault(name, in);
    FluxConfigurationRules.checkProtectedSettings(in.configurationProtectedSettings());
    Instant now = clock.instant();
    String[] clusterId = new String[1];
    PutResult result =
        jdbi.inTransaction(
            h -> {
              ClusterRow cluster = requireCluster(h, ref);
              clusterId[0] = cluster.id();
              // Bumping first locks the cluster row, so concurrent writers queue up here.
              long version = clusters.bumpStateVersion(h, cluster.id());
              var existing = configs.find(h, cluster.id(), name);
              preconditions.check(existing.map(FluxConfigurationService::etag));
              return save(
                  h,
                  cluster,
                  existing,
                  name,
                  desired,
                  in.configurationProtectedSettings(),
                  actor,
                  now,
                  version);
            });
    written(clusterId[0]);
    return result;
  }

  /**
   * ARM PATCH (FluxConfigurationPatch): a JSON merge patch of the desired properties; {@code
   * kustomizations.k: null} removes a kustomization, omitted fields stay as they are.
   */
  public PutResult patch(ClusterRef ref, String name, ObjectNode patch, String actor) {
    return patch(ref, name, patch, actor, Preconditions.NONE);
  }

  public PutResult patch(
      ClusterRef ref, String name, ObjectNode patch, String actor, Preconditions preconditions) {
    for (String fixed : List.of("scope", "namespace")) {
      if (patch.has(fixed)) {
        throw ArmException.invalidProperty(
            "properties." + fixed,
            fixed
                + " cannot be changed on an existing flux configuration, so it cannot be"
                + " patched. Remove it from the request.");
      }
    }
    JsonNode secretsNode = patch.remove("configurationProtectedSettings");
    Map<String, String> secrets = null;
    if (secretsNode != null && !secretsNode.isNull()) {
      if (!secretsNode.isObject()) {
        throw ArmException.invalidProperty(
            "properties.configurationProtectedSettings",
            "configurationProtectedSettings must be an object of string values.");
      }
      secrets = new java.util.LinkedHashMap<>();
      for (var it = secretsNode.fields(); it.hasNext(); ) {
        var e = it.next();
        if (!e.getValue().isTextual()) {
          throw ArmException.invalidProperty(
              "properties.configurationProtectedSettings." + e.getKey(),
              "The protected setting '" + e.getKey() + "' must be a string.");
        }
        secrets.put(e.getKey(), e.getValue().asText());
      }
    }
    FluxConfigurationRules.checkProtectedSettings(secrets);
    Map<String, String> protectedSettings = secrets;
    Instant now = clock.instant();
    String[] clusterId = new String[1];
    PutResult result =
        jdbi.inTransaction(
            h -> {
              ClusterRow cluster = requireCluster(h, ref);
              clusterId[0] = cluster.id();
              long version = clusters.bumpStateVersion(h, cluster.id());
              ConfigurationRow row =
                  configs
                      .find(h, cluster.id(), name)
                      .orElseThrow(() -> ArmErrors.fluxConfigurationNotFound(ref, name));
              preconditions.check(Optional.of(etag(row)));
              ObjectNode merged = (ObjectNode) Json.tree(row.desired());
              mergePatch(merged, patch);
              // Changing the kind drops the other kinds' source objects (az sends {} for them).
              String kind = merged.path("sourceKind").asText("GitRepository");
              for (String k : FluxConfigurationRules.SOURCE_KINDS) {
                if (!k.equals(kind)) {
                  merged.remove(FluxConfigurationRules.sourceProperty(k));
                }
              }
              FluxConfigurationProperties desired =
                  FluxConfigurationRules.validateAndDefault(
                      name, RequestBodies.convert(merged, FluxConfigurationProperties.class));
              return save(
                  h,
                  cluster,
                  Optional.of(row),
                  name,
                  desired,
                  protectedSettings,
                  actor,
                  now,
                  version);
            });
    written(clusterId[0]);
    return result;
  }

  /** RFC 7386: objects merge, null removes, anything else replaces. */
  static void mergePatch(ObjectNode target, JsonNode patch) {
    patch
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode value = e.getValue();
              if (value.isNull()) {
                target.remove(e.getKey());
              } else if (value.isObject() && target.get(e.getKey()) instanceof ObjectNode t) {
                mergePatch(t, value);
              } else if (value.isObject()) {
                ObjectNode fresh = target.putObject(e.getKey());
                mergePatch(fresh, value);
              } else {
                target.set(e.getKey(), value);
              }
            });
  }

  private PutResult save(
      Handle h,
      ClusterRow cluster,
      Optional<ConfigurationRow> existing,
      String name,
      FluxConfigurationProperties desired,
      Map<String, String> secrets,
      String actor,
      Instant now,
      long version) {
    var saved =
        lifecycle.save(
            h,
            cluster,
            existing,
            name,
            desired,
            secrets,
            new ConfigurationLifecycle.Write(actor, now, version));
    return new PutResult(
        saved.created(), render(h, cluster, saved.row()), saved.operationId(), etag(saved.row()));
  }

  public FluxConfiguration get(ClusterRef ref, String name) {
    return getTagged(ref, name).resource();
  }

  public Tagged getTagged(ClusterRef ref, String name) {
    return jdbi.inTransaction(
        h -> {
          ClusterRow cluster = requireCluster(h, ref);
          return configs
              .find(h, cluster.id(), name)
              .map(r -> new Tagged(render(h, cluster, r), etag(r)))
              .orElseThrow(() -> ArmErrors.fluxConfigurationNotFound(ref, name));
        });
  }

  public Page list(ClusterRef ref, String after) {
    return jdbi.inTransaction(
        h -> {
          ClusterRow cluster = requireCluster(h, ref);
          List<ConfigurationRow> rows = configs.page(h, cluster.id(), after, PAGE_SIZE + 1);
          boolean more = rows.size() > PAGE_SIZE;
          List<ConfigurationRow> page = more ? rows.subList(0, PAGE_SIZE) : rows;
          Map<String, String> owned = owners.ownersOf(h, cluster.id());
          return new Page(
              page.stream().map(r -> render(cluster, r, owned.get(r.name()))).toList(),
              page.isEmpty() ? null : page.get(page.size() - 1).name(),
              more);
        });
  }

  public DeleteResult delete(ClusterRef ref, String name, boolean force, String actor) {
    return delete(ref, name, force, actor, Preconditions.NONE);
  }

  public DeleteResult delete(
      ClusterRef ref, String name, boolean force, String actor, Preconditions preconditions) {
    Instant now = clock.instant();
    String[] clusterId = new String[1];
    DeleteResult result =
        jdbi.inTransaction(
            h -> {
              ClusterRow cluster = requireCluster(h, ref);
              clusterId[0] = cluster.id();
              clusters.lock(h, cluster.id());
              var existing = configs.find(h, cluster.id(), name);
              preconditions.check(existing.map(FluxConfigurationService::etag));
              if (existing.isEmpty()) {
                return new DeleteResult(DeleteOutcome.ABSENT, null);
              }
              long version = clusters.bumpStateVersion(h, cluster.id());
              String resourceId = cluster.ref().fluxConfigurationId(name);
              if (force) {
                configs.delete(h, cluster.id(), name);
                deletions.record(h, cluster.id(), name, now);
                operations.finish(
                    h,
                    cluster.id(),
                    RESOURCE_TYPE,
                    name,
                    null,
                    null,
                    OperationRow.CANCELED,
                    "the configuration was force-deleted",
                    now);
                AuditLog.record(h, now, actor, "forceDelete", resourceId, null);
                return new DeleteResult(DeleteOutcome.DELETED, null);
              }
              String opId =
                  markDeleting(
                      h, cluster, existing.get(), version, actor, now, "version " + version);
              return new DeleteResult(DeleteOutcome.DELETING, opId);
            });
    if (result.outcome() != DeleteOutcome.ABSENT) {
      written(clusterId[0]);
    }
    return result;
  }

  /**
   * Turns a configuration to Deleting at state {@code version}: the agent removes it from the
   * cluster and confirms, and only then does the row go. Returns the delete operation's id.
   */
  public String markDeleting(
      Handle h,
      ClusterRow cluster,
      ConfigurationRow row,
      long version,
      String actor,
      Instant now,
      String auditDetail) {
    return lifecycle.markDeleting(
        h, cluster, row, new ConfigurationLifecycle.Write(actor, now, version), auditDetail);
  }

  /** The configurations of a cluster, in name order. */
  public List<ConfigurationRow> all(Handle h, String clusterId) {
    return configs.all(h, clusterId);
  }

  public OperationStatus operation(ClusterRef ref, String name, String operationId) {
    return jdbi.inTransaction(
        h -> {
          ClusterRow cluster = requireCluster(h, ref);
          OperationRow op =
              operations
                  .find(h, cluster.id(), RESOURCE_TYPE, name, operationId)
                  .orElseThrow(() -> ArmErrors.operationNotFound(operationId));
          return new OperationStatus(
              cluster.ref().fluxConfigurationId(name) + "/operations/" + op.id(),
              op.id(),
              op.status(),
              op.error());
        });
  }

  /** Drops protected settings the agent confirmed more than {@code age} ago. */
  public int purgeProtectedSettings(java.time.Duration age) {
    Instant cutoff = clock.instant().minus(age);
    return jdbi.inTransaction(h -> configs.purgeProtectedSettings(h, cutoff));
  }

  // --- shared with the agent API -------------------------------------------------------------

  static String aad(String clusterId, String name) {
    return "fluxConfigurations/" + clusterId + "/" + name;
  }

  public Map<String, String> decryptProtectedSettings(ConfigurationRow row) {
    if (row.sealedProtectedSettings() == null) {
      return null;
    }
    return Json.MAPPER.convertValue(
        Json.tree(cipher.decrypt(row.sealedProtectedSettings(), aad(row.clusterId(), row.name()))),
        new TypeReference<Map<String, String>>() {});
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
    return new FluxConfigurationProperties(
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
        statuses,
        repositoryPublicKey,
        sourceSyncedCommitId,
        sourceUpdatedAt,
        statusUpdatedAt,
        null,
        null,
        complianceState,
        provisioningState,
        errorMessage);
  }

  /**
   * The ARM view of a row: desired fields, status, provisioningState; never the secrets. When the
   * cluster is disconnected the stored status is shown as it was, but its compliance as Unknown
   * with a message saying how old it is, so nobody takes old compliance for current.
   */
  private FluxConfiguration render(Handle h, ClusterRow cluster, ConfigurationRow row) {
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
        new SystemData(
            row.createdBy(),
            "User",
            row.createdAt().toString(),
            row.modifiedBy(),
            "User",
            row.modifiedAt().toString()),
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

  private ClusterRow requireCluster(Handle h, ClusterRef ref) {
    return clusters.findByRef(h, ref).orElseThrow(() -> ArmErrors.clusterNotFound(ref));
  }
}
