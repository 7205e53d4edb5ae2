package io.flotilla.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A chart read from its archive: every file by its chart-relative path, in archive order (Helm
 * keeps that order in the stored chart), and the subcharts of {@code charts/}.
 *
 * @param dirName the directory this chart unpacks to under its parent's {@code charts/}
 * @param metadata Chart.yaml as JSON
 */
record LoadedChart(
    String name,
    String version,
    String appVersion,
    Path archive,
    String dirName,
    ObjectNode metadata,
    Map<String, byte[]> files,
    List<LoadedChart> dependencies)
    implements Chart {

  /** Go's field order of Helm's {@code chart.Metadata}; all {@code omitempty}. */
  private static final List<String> METADATA_FIELDS =
      List.of(
          "name",
          "home",
          "sources",
          "version",
          "description",
          "keywords",
          "maintainers",
          "icon",
          "apiVersion",
          "condition",
          "tags",
          "appVersion",
          "deprecated",
          "annotations",
          "kubeVersion",
          "dependencies",
          "type");

  private static final List<String> DEPENDENCY_FIELDS =
      List.of(
          "name",
          "version",
          "repository",
          "condition",
          "tags",
          "enabled",
          "import-values",
          "alias");

  /**
   * The chart as Helm's {@code chart.Chart} marshals: metadata, lock, templates, values, schema,
   * files (subcharts are not part of it, as in Helm).
   */
  ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode c = f.objectNode();
    c.set("metadata", ordered(metadata, METADATA_FIELDS));
    JsonNode lock = parse("Chart.lock");
    c.set("lock", lock == null ? f.nullNode() : lock);
    ArrayNode templates = f.arrayNode();
    ArrayNode other = f.arrayNode();
    files.forEach(
        (path, data) -> {
          if (path.equals("Chart.yaml")
              || path.equals("Chart.lock")
              || path.equals("values.yaml")
              || path.equals("values.schema.json")) {
            return;
          }
          ObjectNode file = f.objectNode().put("name", path);
          file.put("data", Base64.getEncoder().encodeToString(data));
          (path.startsWith("templates/") ? templates : other).add(file);
        });
    c.set("templates", templates);
    JsonNode values = parse("values.yaml");
    c.set(
        "values",
        files.containsKey("values.yaml")
            ? (values instanceof ObjectNode ? values : f.objectNode())
            : f.nullNode());
    byte[] schema = files.get("values.schema.json");
    c.set(
        "schema",
        schema == null ? f.nullNode() : f.textNode(Base64.getEncoder().encodeToString(schema)));
    c.set("files", other.isEmpty() ? f.nullNode() : other);
    return c;
  }

  /** Unpacks the chart, subcharts as directories, for Helm's renderer. */
  void writeTo(Path dir) throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
    for (LoadedChart d : dependencies) {
      d.writeTo(dir.resolve("charts").resolve(d.dirName()));
    }
  }

  private JsonNode parse(String file) {
    byte[] b = files.get(file);
    if (b == null) return null;
    try {
      return Charts.YAML.readTree(b);
    } catch (IOException e) {
      return null; // validated at load time
    }
  }

  private static ObjectNode ordered(JsonNode from, List<String> fields) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String k : fields) {
      JsonNode v = from.get(k);
      if (v == null || v.isNull() || empty(v)) continue;
      if (k.equals("dependencies") && v.isArray()) {
        ArrayNode deps = out.putArray(k);
        v.forEach(d -> deps.add(dependency(d)));
      } else if (k.equals("version") || k.equals("appVersion") || k.equals("kubeVersion")) {
        out.put(k, v.asText());
      } else {
        out.set(k, v);
      }
    }
    return out;
  }

  private static ObjectNode dependency(JsonNode d) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String k : DEPENDENCY_FIELDS) {
      JsonNode v = d.get(k);
      if (k.equals("repository")) {
        out.put(k, v == null || v.isNull() ? "" : v.asText()); // no omitempty in Helm
      } else if (v != null && !v.isNull() && !empty(v)) {
        out.set(k, k.equals("version") ? JsonNodeFactory.instance.textNode(v.asText()) : v);
      }
    }
    return out;
  }

  private static boolean empty(JsonNode v) {
    return (v.isTextual() && v.asText().isEmpty())
        || (v.isContainerNode() && v.isEmpty())
        || (v.isBoolean() && !v.asBoolean());
  }
}
