package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** A Flux object as the API returned it, read untyped: the commands need a few fields only. */
record FluxObject(FluxKind kind, ObjectNode json) {
  String name() {
    return json.path("metadata").path("name").asText();
  }

  String namespace() {
    return json.path("metadata").path("namespace").asText();
  }

  boolean suspended() {
    return json.path("spec").path("suspend").asBoolean(false);
  }

  long generation() {
    return json.path("metadata").path("generation").asLong(0);
  }

  long observedGeneration() {
    return json.path("status").path("observedGeneration").asLong(-1);
  }

  String lastHandledReconcileAt() {
    return json.path("status").path("lastHandledReconcileAt").asText("");
  }

  JsonNode spec() {
    return json.path("spec");
  }

  JsonNode status() {
    return json.path("status");
  }

  /** The condition of that type, matched case-insensitively as {@code --status-selector} does. */
  Optional<JsonNode> condition(String type) {
    JsonNode found = null;
    for (JsonNode c : json.path("status").path("conditions")) {
      if (c.path("type").asText().equalsIgnoreCase(type)) {
        found = c;
      }
    }
    return Optional.ofNullable(found);
  }

  Optional<JsonNode> ready() {
    return condition("Ready");
  }

  boolean conditionTrue(String type) {
    return condition(type).map(c -> c.path("status").asText().equals("True")).orElse(false);
  }

  /** The artifact's revision for sources, what was applied for Kustomizations and releases. */
  String revision() {
    return switch (kind) {
      case KUSTOMIZATION -> status().path("lastAppliedRevision").asText("");
      case HELM_RELEASE -> {
        JsonNode history = status().path("history");
        yield history.size() > 0
            ? history.get(0).path("chartVersion").asText("")
            : status().path("lastAttemptedRevision").asText("");
      }
      default -> status().path("artifact").path("revision").asText("");
    };
  }

  /** A HelmRepository of {@code type: oci} holds no artifact and has no reconciler to wait for. */
  boolean isStatic() {
    return kind == FluxKind.HELM_REPOSITORY && "oci".equals(spec().path("type").asText());
  }
}
