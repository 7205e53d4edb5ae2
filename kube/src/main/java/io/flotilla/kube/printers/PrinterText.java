package io.flotilla.kube.printers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.flotilla.kube.base.HumanDuration;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.store.Selectors;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Text the table printers share: labels, selectors, container lists, fields with Go's zeros. */
public final class PrinterText {
  static final String NONE = "<none>";

  private PrinterText() {}

  /** The text at a path, or "" (Go's zero string) when it is missing. */
  static String str(JsonNode obj, String... path) {
    String s = Json.text(obj, path);
    return s == null ? "" : s;
  }

  /** The number at a path, or 0 when it is missing. */
  static long num(JsonNode obj, String... path) {
    JsonNode n = Json.at(obj, path);
    return n == null ? 0 : n.asLong();
  }

  static String orNone(String s) {
    return s == null || s.isEmpty() ? NONE : s;
  }

  /** {@code k=v} pairs sorted by key, or {@code <none>}. */
  static String labels(JsonNode map) {
    if (map == null || map.isEmpty()) {
      return NONE;
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    map.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
    List<String> out = new ArrayList<>();
    sorted.forEach((k, v) -> out.add(k + "=" + v));
    return String.join(",", out);
  }

  /**
   * A LabelSelector as a selector string: requirements sorted by key, {@code k=v}, {@code k in
   * (a,b)}, {@code k notin (a)}, {@code k}, {@code !k}; "" for a missing or empty selector.
   */
  static String selector(JsonNode sel) {
    List<String> reqs = Selectors.requirementTexts(sel);
    return reqs.contains(null) ? "<invalid>" : String.join(",", reqs);
  }

  /** A selector, or {@code <none>} when it selects everything (or nothing is set). */
  static String formatSelector(JsonNode sel) {
    String s = selector(sel);
    return s.equals("<invalid>") ? "<error>" : orNone(s);
  }

  /** Container names and images, each comma-joined, of a pod template's containers. */
  static void containers(JsonNode podSpec, ArrayNode out) {
    List<String> names = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (JsonNode c : podSpec.path("containers")) {
      names.add(c.path("name").asText());
      images.add(c.path("image").asText());
    }
    out.add(String.join(",", names));
    out.add(String.join(",", images));
  }

  /** The {@code Kind/name} a role binding or an HPA refers to. */
  static String kindSlashName(JsonNode ref) {
    return str(ref, "kind") + "/" + str(ref, "name");
  }

  static String name(JsonNode obj) {
    return str(obj, "metadata", "name");
  }

  /** How long ago the object was created. */
  public static String age(JsonNode obj, java.time.Instant now) {
    return HumanDuration.since(Json.text(obj, "metadata", "creationTimestamp"), now);
  }
}
