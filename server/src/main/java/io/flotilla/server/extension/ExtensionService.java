package io.flotilla.server.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.fluxconfig.FluxConfigurationService;
import io.flotilla.server.http.ArmErrors;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.security.ProtectedSettingsCipher;
import io.flotilla.server.signals.DesiredStateSignals;
import io.flotilla.server.store.AuditLog;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.ExtensionRepository;
import io.flotilla.server.store.ExtensionRow;
import io.flotilla.server.store.OperationRepository;
import io.flotilla.server.store.OperationRow;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Cluster extensions ({@code Microsoft.KubernetesConfiguration/extensions}): PUT, PATCH, GET, LIST,
 * DELETE with the API's defaults and scope rules. Every change travels to the cluster's agent with
 * its desired state; the resource is Creating/Updating/Deleting until the agent has taken it (or
 * reported on it), then Succeeded or Failed. Protected settings are encrypted and never returned.
 */
public final class ExtensionService {
  public static final String TYPE = "Microsoft.KubernetesConfiguration/extensions";
  static final String RESOURCE_TYPE = "extensions";
  static final String FLUX = "microsoft.flux";
  private static final Pattern NAMESPACE = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9.\\-]{0,252}$");
  private static final List<String> READ_ONLY =
      List.of(
          "provisioningState",
          "currentVersion",
          "statuses",
          "errorInfo",
          "customLocationSettings",
          "packageUri",
          "aksAssignedIdentity",
          "isSystemExtension",
          "managementDetails",
          "additionalDetails",
          "extensionState");

  private final Jdbi jdbi;
  private final Clock clock;
  private final ProtectedSettingsCipher cipher;
  private final String productVersion;
  private final DesiredStateSignals signals;
  private final FluxConfigurationService fluxConfigurations;
  private final ClusterRepository clusters = new ClusterRepository();
  private final ExtensionRepository extensions = new ExtensionRepository();
  private final OperationRepository operations = new OperationRepository();

  public ExtensionService(
      Jdbi jdbi,
      Clock clock,
      ProtectedSettingsCipher cipher,
      String productVersion,
      DesiredStateSignals signals,
      FluxConfigurationService fluxConfigurations) {
    this.signals = signals;
    this.fluxConfigurations = fluxConfigurations;
    this.jdbi = jdbi;
    this.clock = clock;
    this.cipher = cipher;
    this.productVersion = productVersion;
  }

  public record PutResult(
      boolean created, boolean changed, ObjectNode resource, String operationId, String etag) {}

  public record Tagged(ObjectNode resource, String etag) {}

  public enum DeleteOutcome {
    ABSENT,
    DELETED,
    DELETING
  }

  public record DeleteResult(DeleteOutcome outcome, String operationId) {}

  /** The fields patchExtension may change (ExtensionPatch.properties). */
  static final List<String> PATCHABLE =
      List.of(
          "autoUpgradeMode",
          "autoUpgradeMinorVersion",
          "releaseTrain",
          "version",
          "configurationSettings",
          "configurationProtectedSettings");

  static String etag(ExtensionRow row) {
    return Preconditions.etag(row.version());
  }

  public PutResult put(ClusterRef ref, String name, ObjectNode body, String actor) {
    return put(ref, name, body, actor, Preconditions.NONE);
  }

  public PutResult put(
      ClusterRef ref, String name, ObjectNode body, String actor, Preconditions preconditions) {
    if (!NAME.matcher(name).matches()) {
      throw ArmException.invalidProperty(
          "name",
          "The extension name '"
              + name
              + "' is invalid: use letters, digits, '-' and '.', starting with a letter or digit.");
    }
    ObjectNode stored = defaults(body, name);
    boolean flux = FluxExtensionRules.isFlux(stored);
    if (flux) {
      FluxExtensionRules.checkSettings(stored.path("properties").get("configurationSettings"));
    }
    JsonNode secrets =
        ((ObjectNode) stored.get("properties")).remove("configurationProtectedSettings");
    Instant now = clock.instant();
    String[] clusterId = new String[1];
    PutResult result =
        jdbi.inTransaction(
            h -> {
              ClusterRow cluster = requireCluster(h, ref);
              clusterId[0] = cluster.id();
              long version = clusters.bumpStateVersion(h, cluster.id());
              var existing = extensions.find(h, cluster.id(), name);
              preconditions.check(existing.map(ExtensionService::etag));
              existing.ifPresent(e -> checkReplaceable(e, stored));
              if (existing.isEmpty() && flux) {
                var other = FluxExtensionRules.other(extensions.all(h, cluster.id()), name);
                if (other.isPresent()) {
                  throw FluxExtensionRules.alreadyInstalled(
                      other.get(), cluster.ref().clusterName());
                }
              }
              String sealed =
                  secrets == null || secrets.isNull() || secrets.isEmpty()
                      ? null
                      : cipher.encrypt(Json.write(secrets), aad(cluster.id(), name));
              ExtensionRow row =
                  new ExtensionRow(
                      cluster.id(),
                      name,
                      Json.write(stored),
                      sealed,
                      version,
                      existing.isPresent()
                          ? ProvisioningState.UPDATING
                          : ProvisioningState.CREATING,
                      existing.map(ExtensionRow::status).orElse(null),
                      existing.map(ExtensionRow::createdAt).orElse(now),
                      existing.map(ExtensionRow::createdBy).orElse(actor),
                      now,
                      actor);
              return save(h, cluster, row, existing.isEmpty(), actor, now);
            });
    signals.changed(clusterId[0]);
    return result;
  }

  /**
   * patchExtension: only {@link #PATCHABLE} fields; {@code configurationSettings} merge (a null
   * value removes a key); {@code configurationProtectedSettings}, when present, replace the stored
   * ones entirely, so protected settings omitted from the update are deleted. A patch that changes
   * nothing answers 200 without an operation.
   */
  public PutResult patch(
      ClusterRef ref, String name, ObjectNode patch, String actor, Preconditions preconditions) {
    for (var it = patch.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!PATCHABLE.contains(field)) {
        throw ArmException.invalidProperty(
            "properties." + field,
            "The property '"
                + field
                + "' cannot be changed with PATCH; the properties that can are "
                + String.join(", ", PATCHABLE)
                + ". To change it, delete the extension and create it again.");
      }
    }
    ObjectNode changes = patch.deepCopy();
    JsonNode secretsNode = changes.remove("configurationProtectedSettings");
    if (secretsNode != null && !secretsNode.isNull()) {
      ObjectNode check = Json.MAPPER.createObjectNode();
      check.set("configurationProtectedSettings", secretsNode);
      checkStringMap(check, "configurationProtectedSettings");
    }
    Instant now = clock.instant();
    String[] clusterId = new String[1];
    PutResult result =
        jdbi.inTransaction(
            h -> {
              ClusterRow cluster = requireCluster(h, ref);
              clusterId[0] = cluster.id();
              clusters.lock(h, cluster.id());
              ExtensionRow row =
                  extensions
                      .find(h, cluster.id(), name)
                      .orElseThrow(() -> ArmErrors.extensionNotFound(ref, name));
              preconditions.check(Optional.of(etag(row)));
              checkNotDeleting(row);
              if (FluxExtensionRules.isFlux(row)) {
                FluxExtensionRules.checkSettings(changes.get("configurationSettings"));
              }
              ObjectNode body = (ObjectNode) Json.tree(row.body());
              ObjectNode props = (ObjectNode) body.get("properties");
              changes
                  .fields()
                  .forEachRemaining(
                      e -> {
                        JsonNode value = e.getValue();
                        if (e.getKey().equals("configurationSettings")
                            && value.isObject()
                            && props.get("configurationSettings") instanceof ObjectNode current) {
                          value
                              .fields()
                              .forEachRemaining(
                                  kv -> {
                                    if (kv.getValue().isNull()) current.remove(kv.getKey());
                                    else current.set(kv.getKey(), kv.getValue());
                                  });
                        } else if (value.isNull()) {
                          props.remove(e.getKey());
                        } else {
                          props.set(e.getKey(), value);
                        }
                      });
              // A pinned version only makes sense without minor auto-upgrades, and vice versa.
              if (changes.hasNonNull("version")
                  && !changes.has("autoUpgradeMinorVersion")
                  && props.path("autoUpgradeMinorVersion").asBoolean(true)) {
                props.put("autoUpgradeMinorVersion", false);
              }
              if (changes.path("autoUpgradeMinorVersion").asBoolean(false)
                  && !changes.has("version")) {
                props.remove("version");
              }
              ObjectNode stored = defaults(body, name);
              String sealed = row.sealedProtectedSettings();
              boolean secretsChanged = false;
              if (secretsNode != null) {
                secretsChanged = true;
                sealed =
                    secretsNode.isNull() || secretsNode.isEmpty()
                        ? null
                        : cipher.encrypt(Json.write(secretsNode), aad(cluster.id(), name));
              }
              boolean changed = secretsChanged || !stored.equals(Json.tree(row.body()));
              if (!changed) {
                return new PutResult(false, false, render(cluster, row), null, etag(row));
              }
              long version = clusters.bumpStateVersion(h, cluster.id());
              ExtensionRow updated =
                  new ExtensionRow(
                      cluster.id(),
                      name,
                      Json.write(stored),
                      sealed,
                      version,
                      ProvisioningState.UPDATING,
                      row.status(),
                      row.createdAt(),
                      row.createdBy(),
                      now,
                      actor);
              return save(h, cluster, updated, false, actor, now);
            });
    if (result.changed()) {
      signals.changed(clusterId[0]);
    }
    return result;
  }

  private PutResult save(
      Handle h, ClusterRow cluster, ExtensionRow row, boolean created, String actor, Instant now) {
    extensions.upsert(h, row);
    if (!created) {
      operations.finish(
          h,
          cluster.id(),
          RESOURCE_TYPE,
          row.name(),
          null,
          null,
          OperationRow.CANCELED,
          "superseded by a newer change",
          now);
    }
    String opId = UUID.randomUUID().toString();
    operations.insert(
        h,
        new OperationRow(
            opId,
            cluster.id(),
            RESOURCE_TYPE,
            row.name(),
            "put",
            row.version(),
            OperationRow.IN_PROGRESS,
            null,
            now,
            now));
    AuditLog.record(
        h,
        now,
        actor,
        created ? "create" : "update",
        extensionId(cluster.ref(), row.name()),
        Json.tree(row.body()).path("properties").path("extensionType").asText()
            + ", version "
            + row.version());
    return new PutResult(created, true, render(cluster, row), opId, etag(row));
  }

  private static void checkNotDeleting(ExtensionRow row) {
    if (ProvisioningState.DELETING.equals(row.provisioningState())) {
      throw new ArmException(
          409,
          "Conflict",
          "The extension '"
              + row.name()
              + "' is being deleted. Wait until the deletion finishes (or delete it with"
              + " forceDelete=true), then create it again.");
    }
  }

  /** A PUT over an existing extension may not change what it is or where it is installed. */
  private static void checkReplaceable(ExtensionRow existing, ObjectNode next) {
    checkNotDeleting(existing);
    JsonNode before = Json.tree(existing.body()).path("properties");
    JsonNode after = next.path("properties");
    if (!before
        .path("extensionType")
        .asText()
        .equalsIgnoreCase(after.path("extensionType").asText())) {
      throw ArmException.invalidProperty(
          "properties.extensionType",
          "The extensionType of an existing extension cannot be changed (it is '"
              + before.path("extensionType").asText()
              + "'). Delete the extension and create it again.");
    }
    if (!before.path("scope").equals(after.path("scope"))) {
      throw ArmException.invalidProperty(
          "properties.scope",
          "The scope of an existing extension cannot be changed (it is "
              + before.path("scope")
              + "). Delete the extension and create it again.");
    }
  }

  public Tagged getTagged(ClusterRef ref, String name) {
    return jdbi.inTransaction(
        h -> {
          ClusterRow cluster = requireCluster(h, ref);
          return extensions
              .find(h, cluster.id(), name)
              .map(r -> new Tagged(render(cluster, r), etag(r)))
              .orElseThrow(() -> ArmErrors.extensionNotFound(ref, name));
        });
  }

  public ObjectNode get(ClusterRef ref, String name) {
    return getTagged(ref, name).resource();
  }

  public List<ObjectNode> list(ClusterRef ref) {
    return jdbi.inTransaction(
        h -> {
          ClusterRow cluster = requireCluster(h, ref);
          return extensions.all(h, cluster.id()).stream().map(r -> render(cluster, r)).toList();
        });
  }

  /**
   * DELETE: with {@code force} the resource goes at once (200); otherwise it turns Deleting until
   * the agent has taken the removal (202); absent is 204.
   */
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
              var existing = extensions.find(h, cluster.id(), name);
              preconditions.check(existing.map(ExtensionService::etag));
              if (existing.isEmpty()) {
                return new DeleteResult(DeleteOutcome.ABSENT, null);
              }
              long version = clusters.bumpStateVersion(h, cluster.id());
              String resourceId = extensionId(cluster.ref(), name);
              if (force) {
                extensions.delete(h, cluster.id(), name);
                operations.finish(
                    h,
                    cluster.id(),
                    RESOURCE_TYPE,
                    name,
                    null,
                    null,
                    OperationRow.CANCELED,
                    "the extension was force-deleted",
                    now);
                AuditLog.record(h, now, actor, "forceDelete", resourceId, null);
                return new DeleteResult(DeleteOutcome.DELETED, null);
              }
              ExtensionRow row = existing.get();
              if (FluxExtensionRules.isFlux(row)) {
                // As Azure's uninstall does (its pre-delete job removes every FluxConfig): the
                // configurations go first, each by a recorded delete; the extension waits for them.
                for (ConfigurationRow config : fluxConfigurations.all(h, cluster.id())) {
                  if (!ProvisioningState.DELETING.equals(config.provisioningState())) {
                    fluxConfigurations.markDeleting(
                        h,
                        cluster,
                        config,
                        version,
                        actor,
                        now,
                        "version " + version + ", with the extension '" + name + "'");
                  }
                }
              }
              extensions.upsert(
                  h,
                  new ExtensionRow(
                      row.clusterId(),
                      row.name(),
                      row.body(),
                      row.sealedProtectedSettings(),
                      version,
                      ProvisioningState.DELETING,
                      row.status(),
                      row.createdAt(),
                      row.createdBy(),
                      now,
                      actor));
              operations.finish(
                  h,
                  cluster.id(),
                  RESOURCE_TYPE,
                  name,
                  "put",
                  null,
                  OperationRow.CANCELED,
                  "superseded by a delete",
                  now);
              String opId = UUID.randomUUID().toString();
              operations.insert(
                  h,
                  new OperationRow(
                      opId,
                      cluster.id(),
                      RESOURCE_TYPE,
                      name,
                      "delete",
                      version,
                      OperationRow.IN_PROGRESS,
                      null,
                      now,
                      now));
              AuditLog.record(h, now, actor, "delete", resourceId, "version " + version);
              return new DeleteResult(DeleteOutcome.DELETING, opId);
            });
    if (result.outcome() != DeleteOutcome.ABSENT) {
      signals.changed(clusterId[0]);
    }
    return result;
  }

  public OperationRow operation(ClusterRef ref, String name, String operationId) {
    return jdbi.inTransaction(
        h -> {
          ClusterRow cluster = requireCluster(h, ref);
          return operations
              .find(h, cluster.id(), RESOURCE_TYPE, name, operationId)
              .orElseThrow(() -> ArmErrors.operationNotFound(operationId));
        });
  }

  // --- the agent's side ----------------------------------------------------------------------

  /** The extensions of a cluster as the agent receives them (protected settings decrypted). */
  public ArrayNode desired(Handle h, ClusterRow cluster) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (ExtensionRow row : extensions.all(h, cluster.id())) {
      ObjectNode e = out.addObject();
      e.put("resourceId", extensionId(cluster.ref(), row.name()));
      e.put("name", row.name());
      e.put("version", row.version());
      e.put("deleting", removable(h, cluster, row));
      ObjectNode p = ((ObjectNode) Json.tree(row.body()).path("properties")).deepCopy();
      if (row.sealedProtectedSettings() != null) {
        p.set(
            "configurationProtectedSettings",
            Json.tree(
                cipher.decrypt(row.sealedProtectedSettings(), aad(cluster.id(), row.name()))));
      }
      e.set("properties", p);
    }
    return out;
  }

  /**
   * The agent has received the cluster's state at {@code stateVersion}: extensions changed up to
   * that version are in the cluster (Succeeded), those being deleted are gone. An agent that
   * reports extension status later may still turn one to Failed.
   */
  public boolean delivered(Handle h, ClusterRow cluster, long stateVersion, String actor) {
    Instant now = clock.instant();
    boolean removed = false;
    for (ExtensionRow row : extensions.all(h, cluster.id())) {
      if (row.version() > stateVersion) {
        continue;
      }
      String state = row.provisioningState();
      if (ProvisioningState.DELETING.equals(state)) {
        if (!removable(h, cluster, row)) {
          continue;
        }
        extensions.delete(h, cluster.id(), row.name());
        finish(h, cluster, row, "delete", OperationRow.SUCCEEDED, null, now);
        AuditLog.record(h, now, actor, "deleted", extensionId(cluster.ref(), row.name()), null);
        removed = true;
      } else if (ProvisioningState.CREATING.equals(state)
          || ProvisioningState.UPDATING.equals(state)) {
        extensions.setState(
            h, cluster.id(), row.name(), row.version(), ProvisioningState.SUCCEEDED, row.status());
        finish(h, cluster, row, "put", OperationRow.SUCCEEDED, null, now);
        AuditLog.record(
            h,
            now,
            actor,
            "provisioned",
            extensionId(cluster.ref(), row.name()),
            ProvisioningState.SUCCEEDED);
      }
    }
    return removed;
  }

  /**
   * Whether the agent may remove the extension now: it is being deleted, and, for the flux
   * extension, the cluster's configurations are gone (their Flux objects need the controllers and
   * CRDs the extension's removal takes away).
   */
  private boolean removable(Handle h, ClusterRow cluster, ExtensionRow row) {
    return ProvisioningState.DELETING.equals(row.provisioningState())
        && !(FluxExtensionRules.isFlux(row) && !fluxConfigurations.all(h, cluster.id()).isEmpty());
  }

  /** What an agent that manages extensions says about one: it wins over delivery. */
  public boolean report(Handle h, ClusterRow cluster, ExtensionStatus s, String actor) {
    if (s == null || s.name() == null) {
      return false;
    }
    Instant now = clock.instant();
    var found = extensions.find(h, cluster.id(), s.name());
    if (found.isEmpty() || found.get().version() != s.appliedVersion()) {
      return false; // unknown, or about an older change than the current one
    }
    ExtensionRow row = found.get();
    if (s.deleted()) {
      if (removable(h, cluster, row)) {
        extensions.delete(h, cluster.id(), row.name());
        finish(h, cluster, row, "delete", OperationRow.SUCCEEDED, null, now);
        AuditLog.record(h, now, actor, "deleted", extensionId(cluster.ref(), row.name()), null);
        return true;
      }
      return false;
    }
    if (ProvisioningState.DELETING.equals(row.provisioningState())) {
      return false;
    }
    boolean failed = ProvisioningState.FAILED.equalsIgnoreCase(s.provisioningState());
    String state = failed ? ProvisioningState.FAILED : ProvisioningState.SUCCEEDED;
    ObjectNode status = Json.MAPPER.createObjectNode();
    if (s.currentVersion() != null) status.put("currentVersion", s.currentVersion());
    status.set(
        "statuses", Json.MAPPER.valueToTree(s.statuses() == null ? List.of() : s.statuses()));
    if (s.errorMessage() != null && !s.errorMessage().isBlank()) {
      status.put("errorMessage", s.errorMessage());
    }
    extensions.setState(h, cluster.id(), row.name(), row.version(), state, Json.write(status));
    finish(
        h,
        cluster,
        row,
        "put",
        failed ? OperationRow.FAILED : OperationRow.SUCCEEDED,
        failed ? failureMessage(s) : null,
        now);
    if (!state.equals(row.provisioningState())) {
      AuditLog.record(h, now, actor, "provisioned", extensionId(cluster.ref(), row.name()), state);
    }
    return false;
  }

  private static String failureMessage(ExtensionStatus s) {
    return s.errorMessage() == null || s.errorMessage().isBlank()
        ? "The agent reported that the extension failed to install."
        : s.errorMessage();
  }

  private void finish(
      Handle h,
      ClusterRow cluster,
      ExtensionRow row,
      String action,
      String status,
      String error,
      Instant now) {
    operations.finish(
        h, cluster.id(), RESOURCE_TYPE, row.name(), action, row.version(), status, error, now);
  }

  public static String extensionId(ClusterRef ref, String name) {
    return ref.extensionPrefix() + "/extensions/" + name;
  }

  /** Validates the body and applies the API's defaults; the result is what gets stored. */
  static ObjectNode defaults(ObjectNode body) {
    return defaults(body, null);
  }

  static ObjectNode defaults(ObjectNode body, String name) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    for (String keep : List.of("identity", "plan")) {
      if (body.hasNonNull(keep)) {
        out.set(keep, body.get(keep));
      }
    }
    JsonNode in = body.get("properties");
    if (in == null || !in.isObject()) {
      throw ArmException.invalidProperty(
          "properties", "The request body must contain 'properties' with at least extensionType.");
    }
    ObjectNode p = ((ObjectNode) in).deepCopy();
    READ_ONLY.forEach(p::remove);
    JsonNode type = p.get("extensionType");
    if (type == null || !type.isTextual() || type.asText().isBlank()) {
      throw ArmException.invalidProperty(
          "properties.extensionType",
          "properties.extensionType is required, e.g. 'microsoft.flux'.");
    }
    if (!p.hasNonNull("autoUpgradeMinorVersion")) {
      p.put("autoUpgradeMinorVersion", true);
    } else if (!p.get("autoUpgradeMinorVersion").isBoolean()) {
      throw ArmException.invalidProperty(
          "properties.autoUpgradeMinorVersion", "autoUpgradeMinorVersion must be true or false.");
    }
    if (p.hasNonNull("version") && p.get("autoUpgradeMinorVersion").asBoolean()) {
      throw ArmException.invalidProperty(
          "properties.version",
          "To pin to specific version, autoUpgradeMinorVersion must be set to false.");
    }
    if (!p.hasNonNull("releaseTrain")) {
      p.put("releaseTrain", "Stable");
    }
    checkStringMap(p, "configurationSettings");
    checkStringMap(p, "configurationProtectedSettings");
    JsonNode scope = p.get("scope");
    boolean flux = type.asText().toLowerCase(Locale.ROOT).equals(FLUX);
    if (scope != null && !scope.isNull()) {
      boolean cluster = scope.has("cluster");
      boolean namespace = scope.has("namespace");
      if (cluster == namespace) {
        throw ArmException.invalidProperty(
            "properties.scope",
            "properties.scope must have exactly one of 'cluster' ({releaseNamespace}) or"
                + " 'namespace' ({targetNamespace}).");
      }
      if (namespace && flux) {
        throw ArmException.invalidProperty(
            "properties.scope",
            "The microsoft.flux extension can only be installed with cluster scope.");
      }
      JsonNode inner = scope.get(cluster ? "cluster" : "namespace");
      String field = cluster ? "releaseNamespace" : "targetNamespace";
      if (inner != null && !inner.isNull() && !inner.isObject()) {
        throw ArmException.invalidProperty(
            "properties.scope." + (cluster ? "cluster" : "namespace"),
            "properties.scope." + (cluster ? "cluster" : "namespace") + " must be an object.");
      }
      JsonNode ns = inner == null ? null : inner.get(field);
      if (ns != null
          && !ns.isNull()
          && !(ns.isTextual() && NAMESPACE.matcher(ns.asText()).matches())) {
        throw ArmException.invalidProperty(
            "properties.scope." + (cluster ? "cluster." : "namespace.") + field,
            "The "
                + field
                + " '"
                + ns.asText()
                + "' is not a valid namespace name: use at most 63 lowercase letters, digits"
                + " and '-', starting and ending with a letter or digit.");
      }
      if ((ns == null || ns.isNull()) && name != null && !flux) {
        // Installed into a namespace named after the extension unless told otherwise.
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.putObject(cluster ? "cluster" : "namespace").put(field, name.toLowerCase(Locale.ROOT));
        p.set("scope", s);
      }
    } else if (!flux && name != null) {
      ObjectNode s = Json.MAPPER.createObjectNode();
      s.putObject("cluster").put("releaseNamespace", name.toLowerCase(Locale.ROOT));
      p.set("scope", s);
    }
    if (p.hasNonNull("autoUpgradeMode")) {
      String mode = p.get("autoUpgradeMode").asText();
      if (!List.of("none", "patch", "compatible").contains(mode.toLowerCase(Locale.ROOT))) {
        throw ArmException.invalidProperty(
            "properties.autoUpgradeMode",
            "autoUpgradeMode must be one of none, patch, compatible; got '" + mode + "'.");
      }
    }
    if (flux
        && (scope == null
            || scope.isNull()
            || !scope.path("cluster").hasNonNull("releaseNamespace"))) {
      ObjectNode s = Json.MAPPER.createObjectNode();
      s.putObject("cluster").put("releaseNamespace", "flux-system");
      p.set("scope", s);
    }
    out.set("properties", p);
    return out;
  }

  private static void checkStringMap(ObjectNode p, String field) {
    JsonNode m = p.get(field);
    if (m == null || m.isNull()) {
      return;
    }
    if (!m.isObject()) {
      throw ArmException.invalidProperty(
          "properties." + field, "properties." + field + " must be an object of strings.");
    }
    m.fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw ArmException.invalidProperty(
                    "properties." + field + "." + e.getKey(),
                    "The value of '" + e.getKey() + "' must be a string.");
              }
            });
  }

  ObjectNode render(ClusterRow cluster, ExtensionRow row) {
    ObjectNode stored = (ObjectNode) Json.tree(row.body());
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("id", extensionId(cluster.ref(), row.name()));
    out.put("name", row.name());
    out.put("type", TYPE);
    if (stored.has("identity")) {
      out.set("identity", stored.get("identity"));
    }
    if (stored.has("plan")) {
      out.set("plan", stored.get("plan"));
    }
    ObjectNode sys = out.putObject("systemData");
    sys.put("createdBy", row.createdBy());
    sys.put("createdByType", "User");
    sys.put("createdAt", row.createdAt().toString());
    sys.put("lastModifiedBy", row.modifiedBy());
    sys.put("lastModifiedByType", "User");
    sys.put("lastModifiedAt", row.modifiedAt().toString());
    ObjectNode p = ((ObjectNode) stored.get("properties")).deepCopy();
    JsonNode status =
        row.status() == null ? Json.MAPPER.createObjectNode() : Json.tree(row.status());
    p.put("provisioningState", row.provisioningState());
    String current =
        status.hasNonNull("currentVersion")
            ? status.get("currentVersion").asText()
            : p.hasNonNull("version") ? p.get("version").asText() : productVersion;
    p.put("currentVersion", current);
    p.set(
        "statuses",
        status.path("statuses").isArray() ? status.get("statuses") : Json.MAPPER.createArrayNode());
    if (ProvisioningState.FAILED.equals(row.provisioningState())) {
      ObjectNode err = p.putObject("errorInfo");
      err.put("code", "ExtensionOperationFailed");
      err.put(
          "message",
          status.path("errorMessage").asText("The agent reported that the extension failed."));
    }
    p.put("isSystemExtension", false);
    out.set("properties", p);
    return out;
  }

  private ClusterRow requireCluster(Handle h, ClusterRef ref) {
    return clusters.findByRef(h, ref).orElseThrow(() -> ArmErrors.clusterNotFound(ref));
  }

  static String aad(String clusterId, String name) {
    return "extensions/" + clusterId + "/" + name;
  }
}
