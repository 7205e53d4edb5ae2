package io.flotilla.server.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.http.ArmErrors;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.security.ProtectedSettingsCipher;
import io.flotilla.server.store.AuditLog;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ExtensionRepository;
import io.flotilla.server.store.ExtensionRow;
import io.flotilla.server.store.OperationRepository;
import io.flotilla.server.store.OperationRow;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Cluster extensions, thin for now: the body is stored with the API's defaults and reported as
 * installed at once ({@code Succeeded}); protected settings are encrypted and never returned.
 */
public final class ExtensionService {
  public static final String TYPE = "Microsoft.KubernetesConfiguration/extensions";
  static final String RESOURCE_TYPE = "extensions";
  static final String FLUX = "microsoft.flux";
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
  private final ClusterRepository clusters = new ClusterRepository();
  private final ExtensionRepository extensions = new ExtensionRepository();
  private final OperationRepository operations = new OperationRepository();

  public ExtensionService(
      Jdbi jdbi, Clock clock, ProtectedSettingsCipher cipher, String productVersion) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.cipher = cipher;
    this.productVersion = productVersion;
  }

  public record PutResult(boolean created, ObjectNode resource, String operationId) {}

  public PutResult put(ClusterRef ref, String name, ObjectNode body, String actor) {
    if (!NAME.matcher(name).matches()) {
      throw ArmException.invalidProperty(
          "name",
          "The extension name '"
              + name
              + "' is invalid: use letters, digits, '-' and '.', starting with a letter or digit.");
    }
    ObjectNode stored = defaults(body);
    JsonNode secrets =
        ((ObjectNode) stored.get("properties")).remove("configurationProtectedSettings");
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          ClusterRow cluster = requireCluster(h, ref);
          var existing = extensions.find(h, cluster.id(), name);
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
                  existing.map(ExtensionRow::createdAt).orElse(now),
                  existing.map(ExtensionRow::createdBy).orElse(actor),
                  now,
                  actor);
          extensions.upsert(h, row);
          String opId = UUID.randomUUID().toString();
          operations.insert(
              h,
              new OperationRow(
                  opId,
                  cluster.id(),
                  RESOURCE_TYPE,
                  name,
                  "put",
                  null,
                  OperationRow.SUCCEEDED,
                  null,
                  now,
                  now));
          AuditLog.record(
              h,
              now,
              actor,
              existing.isPresent() ? "update" : "create",
              extensionId(cluster.ref(), name),
              stored.path("properties").path("extensionType").asText());
          return new PutResult(existing.isEmpty(), render(cluster, row), opId);
        });
  }

  public ObjectNode get(ClusterRef ref, String name) {
    return jdbi.inTransaction(
        h -> {
          ClusterRow cluster = requireCluster(h, ref);
          return extensions
              .find(h, cluster.id(), name)
              .map(r -> render(cluster, r))
              .orElseThrow(() -> ArmErrors.extensionNotFound(ref, name));
        });
  }

  public List<ObjectNode> list(ClusterRef ref) {
    return jdbi.inTransaction(
        h -> {
          ClusterRow cluster = requireCluster(h, ref);
          return extensions.all(h, cluster.id()).stream().map(r -> render(cluster, r)).toList();
        });
  }

  /** Deletes at once (there is nothing to uninstall yet); false when absent. */
  public boolean delete(ClusterRef ref, String name, String actor) {
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          ClusterRow cluster = requireCluster(h, ref);
          boolean deleted = extensions.delete(h, cluster.id(), name);
          if (deleted) {
            AuditLog.record(h, now, actor, "delete", extensionId(cluster.ref(), name), null);
          }
          return deleted;
        });
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

  public static String extensionId(ClusterRef ref, String name) {
    return ref.extensionPrefix() + "/extensions/" + name;
  }

  /** Validates the body and applies the API's defaults; the result is what gets stored. */
  static ObjectNode defaults(ObjectNode body) {
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
    p.put("provisioningState", ProvisioningState.SUCCEEDED);
    p.put("currentVersion", p.hasNonNull("version") ? p.get("version").asText() : productVersion);
    p.putArray("statuses");
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
