package io.flotilla.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/** Server-side printing ({@code as=Table}) with the columns the API server gives by default. */
final class Tables {
  private Tables() {}

  static ObjectNode list(ResourceType t, ObjectNode list) {
    ObjectNode table = header(t);
    table.set("metadata", list.get("metadata"));
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : list.get("items")) {
      rows.add(row(t, item));
    }
    return table;
  }

  static ObjectNode single(ResourceType t, ObjectNode obj) {
    ObjectNode table = header(t);
    table
        .putObject("metadata")
        .put("resourceVersion", Json.text(obj, "metadata", "resourceVersion"));
    table.putArray("rows").add(row(t, obj));
    return table;
  }

  private static ObjectNode header(ResourceType t) {
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ArrayNode cols = table.putArray("columnDefinitions");
    column(cols, "Name", "string", "name", "Name must be unique within a namespace.");
    for (JsonNode c : printerColumns(t)) {
      column(
          cols,
          c.path("name").asText(),
          c.path("type").asText("string"),
          c.path("format").asText(""),
          c.path("description").asText(""));
    }
    // As apiextensions-apiserver: Age is the default only when a CRD declares no columns.
    if (printerColumns(t).isEmpty()) {
      column(
          cols,
          "Age",
          "date",
          "",
          "CreationTimestamp is a timestamp representing the server time when this object was created.");
    }
    return table;
  }

  private static void column(
      ArrayNode cols, String name, String type, String format, String description) {
    ObjectNode c = cols.addObject();
    c.put("name", name);
    c.put("type", type);
    c.put("format", format);
    c.put("description", description);
    c.put("priority", 0);
  }

  private static ArrayNode printerColumns(ResourceType t) {
    JsonNode cols = t.printerColumns();
    return cols instanceof ArrayNode a ? a : Json.array();
  }

  private static ObjectNode row(ResourceType t, JsonNode obj) {
    ObjectNode row = Json.object();
    ArrayNode cells = row.putArray("cells");
    cells.add(Json.text(obj, "metadata", "name"));
    for (JsonNode c : printerColumns(t)) {
      JsonNode v = jsonPath(obj, c.path("jsonPath").asText());
      if (v == null) {
        cells.addNull();
      } else if ("date".equals(c.path("type").asText()) && v.isTextual()) {
        cells.add(age(v.asText()));
      } else {
        cells.add(v);
      }
    }
    if (printerColumns(t).isEmpty()) {
      cells.add(age(Json.text(obj, "metadata", "creationTimestamp")));
    }
    ObjectNode partial = row.putObject("object");
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", obj.get("metadata"));
    return row;
  }

  /** Simple {@code .a.b} paths and {@code .status.conditions[?(@.type=="Ready")].status}. */
  static JsonNode jsonPath(JsonNode obj, String path) {
    JsonNode n = obj;
    for (String part : path.replaceFirst("^\\.", "").split("\\.(?![^\\[]*\\])")) {
      if (n == null) {
        return null;
      }
      int br = part.indexOf('[');
      String field = br < 0 ? part : part.substring(0, br);
      n = n.get(field);
      if (br >= 0 && n != null && n.isArray()) {
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("\\[\\?\\(@\\.(\\w+)==[\"']([^\"']*)[\"']\\)\\]")
                .matcher(part.substring(br));
        if (m.matches()) {
          JsonNode found = null;
          for (JsonNode item : n) {
            if (m.group(2).equals(item.path(m.group(1)).asText())) {
              found = item;
            }
          }
          n = found;
        } else {
          return null;
        }
      }
    }
    return n == null || n.isMissingNode() ? null : n;
  }

  static String age(String ts) {
    if (ts == null) {
      return "<unknown>";
    }
    long s = Duration.between(Instant.parse(ts), Instant.now()).toSeconds();
    if (s < 120) {
      return Math.max(s, 0) + "s";
    }
    if (s < 3600 * 2) {
      return s / 60 + "m";
    }
    if (s < 86400 * 2) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }
}
