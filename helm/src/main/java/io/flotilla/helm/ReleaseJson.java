package io.flotilla.helm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Builds a release JSON in the shape and field order Go marshals Helm's {@code release.Release}:
 * {@code name, info{first_deployed, last_deployed, deleted, description, status, notes}, chart,
 * config, manifest, hooks, version, namespace}, omitting what Helm omits when empty. Release labels
 * are not part of it (Helm keeps them on the storage object only).
 */
final class ReleaseJson {
  private ReleaseJson() {}

  record Info(
      Instant firstDeployed,
      Instant lastDeployed,
      ReleaseStatus status,
      String description,
      String notes) {}

  static ObjectNode of(
      String name,
      String namespace,
      int version,
      Info info,
      ObjectNode chart,
      ObjectNode config,
      String manifest,
      ArrayNode hooks) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode r = f.objectNode();
    r.put("name", name);
    ObjectNode i = r.putObject("info");
    i.put("first_deployed", ReleaseCodec.time(info.firstDeployed()));
    i.put("last_deployed", ReleaseCodec.time(info.lastDeployed()));
    i.put("deleted", "");
    if (info.description() != null && !info.description().isEmpty()) {
      i.put("description", info.description());
    }
    i.put("status", info.status().helm());
    if (info.notes() != null && !info.notes().isEmpty()) i.put("notes", info.notes());
    r.set("chart", chart);
    if (config != null && !config.isEmpty()) r.set("config", config);
    if (manifest != null && !manifest.isEmpty()) r.put("manifest", manifest);
    if (hooks != null && !hooks.isEmpty()) r.set("hooks", hooks);
    r.put("version", version);
    r.put("namespace", namespace);
    return r;
  }
}
