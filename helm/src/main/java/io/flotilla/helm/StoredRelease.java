package io.flotilla.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One revision exactly as stored: Helm's release JSON (kept whole, so fields this engine does not
 * know survive a status change of a release Helm wrote), the custom labels of its Secret, and the
 * namespace its Secret lives in ({@code storage}: Helm's storage namespace, which need not be the
 * release's target namespace in the JSON).
 */
record StoredRelease(ObjectNode json, Map<String, String> labels, String storage) {
  StoredRelease {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  String name() {
    return json.path("name").asText("");
  }

  String namespace() {
    return json.path("namespace").asText("");
  }

  int version() {
    return json.path("version").asInt(0);
  }

  ReleaseStatus status() {
    return ReleaseStatus.of(json.path("info").path("status").asText(""));
  }

  ObjectNode info() {
    JsonNode i = json.get("info");
    if (i instanceof ObjectNode o) return o;
    return json.putObject("info");
  }

  ObjectNode chart() {
    JsonNode c = json.get("chart");
    return c instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
  }

  String manifest() {
    return json.path("manifest").asText("");
  }

  ObjectNode config() {
    JsonNode c = json.get("config");
    return c instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
  }

  ArrayNode hooks() {
    JsonNode h = json.get("hooks");
    return h instanceof ArrayNode a ? a : JsonNodeFactory.instance.arrayNode();
  }

  /** This release record (its labels, its storage namespace) holding {@code json} instead. */
  StoredRelease withJson(ObjectNode json) {
    return new StoredRelease(json, labels, storage);
  }

  /** A deep copy with another status and description (Helm's {@code SetStatus}). */
  StoredRelease withStatus(ReleaseStatus status, String description) {
    ObjectNode copy = json.deepCopy();
    ObjectNode info = (ObjectNode) copy.path("info");
    info.put("status", status.helm());
    if (description == null || description.isEmpty()) info.remove("description");
    else info.put("description", description);
    return new StoredRelease(copy, labels, storage);
  }

  /** The public view the reconciler reads. */
  Release toRelease() {
    JsonNode info = json.path("info");
    JsonNode meta = json.path("chart").path("metadata");
    List<Release.Hook> hooks = new ArrayList<>();
    for (JsonNode h : hooks()) {
      JsonNode run = h.path("last_run");
      hooks.add(
          new Release.Hook(
              h.path("name").asText(""),
              h.path("kind").asText(""),
              h.path("path").asText(""),
              strings(h.path("events")),
              h.path("weight").asInt(0),
              strings(h.path("delete_policies")),
              run.path("phase").asText(""),
              ReleaseCodec.instant(run.get("started_at")),
              ReleaseCodec.instant(run.get("completed_at"))));
    }
    return new Release(
        name(),
        namespace(),
        version(),
        status(),
        info.path("description").asText(""),
        ReleaseCodec.instant(info.get("first_deployed")),
        ReleaseCodec.instant(info.get("last_deployed")),
        ReleaseCodec.instant(info.get("deleted")),
        meta.path("name").asText(""),
        meta.path("version").asText(""),
        meta.path("appVersion").asText(""),
        config(),
        manifest(),
        List.copyOf(hooks),
        new Release.Labels(labels),
        storage);
  }

  static Instant now() {
    return Instant.now();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return List.copyOf(out);
  }
}
