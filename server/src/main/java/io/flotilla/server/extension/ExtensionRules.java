package io.flotilla.server.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.store.ExtensionRow;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The ARM rules of cluster extensions ({@code Microsoft.KubernetesConfiguration/extensions}): name,
 * the defaults of a PUT, what a PATCH may change and how it merges, and what an existing extension
 * keeps. What is special about {@code microsoft.flux} is in {@link FluxExtensionRules}.
 */
final class ExtensionRules {
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

  /** The fields patchExtension may change (ExtensionPatch.properties). */
  static final List<String> PATCHABLE =
      List.of(
          "autoUpgradeMode",
          "autoUpgradeMinorVersion",
          "releaseTrain",
          "version",
          "configurationSettings",
          "configurationProtectedSettings");

  private ExtensionRules() {}

  static void validateName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw ArmException.invalidProperty(
          "name",
          "The extension name '"
              + name
              + "' is invalid: use letters, digits, '-' and '.', starting with a letter or digit.");
    }
  }

  /**
   * Checks a PATCH's properties: only {@link #PATCHABLE} fields, protected settings an object of
   * strings. Returns the changes without the protected settings (the caller seals those).
   */
  static ObjectNode checkPatch(ObjectNode patch) {
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
    return changes;
  }

  /**
   * Applies a PATCH's {@code changes} to the stored properties {@code props}: {@code
   * configurationSettings} merge (a null value removes a key), other fields replace (null removes).
   */
  static void merge(ObjectNode props, ObjectNode changes) {
    changes
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode value = e.getValue();
              if (e.getKey().equals("configurationSettings")
                  && value.isObject()
                  && props.get("configurationSettings") instanceof ObjectNode current) {
                Json.mergePatch(current, value);
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
    if (changes.path("autoUpgradeMinorVersion").asBoolean(false) && !changes.has("version")) {
      props.remove("version");
    }
  }

  /** A PUT over an existing extension may not change what it is or where it is installed. */
  static void checkImmutable(ExtensionRow existing, ObjectNode next) {
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

  /** Validates the body and applies the API's defaults; the result is what gets stored. */
  static ObjectNode validateAndDefault(ObjectNode body) {
    return validateAndDefault(body, null);
  }

  /**
   * Validates a PUT's body and returns it with the API's defaults applied: read-only properties
   * dropped, autoUpgradeMinorVersion true, releaseTrain Stable, and the scope (flux-system for the
   * flux extension; otherwise a namespace named after the extension, when {@code name} is given).
   */
  static ObjectNode validateAndDefault(ObjectNode body, String name) {
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

  static void checkStringMap(ObjectNode p, String field) {
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
}
