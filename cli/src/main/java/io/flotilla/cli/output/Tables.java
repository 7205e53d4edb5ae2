package io.flotilla.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.cli.CliException;
import io.flotilla.cli.Durations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * az's {@code -o table}: the command's table transformer (column choice), then knack's auto-table
 * (capitalised headers, scalar values only) rendered like tabulate's "simple" format.
 */
public final class Tables {
  private static final Set<String> SKIP_KEYS = Set.of("id", "type", "etag");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Tables() {}

  /** Rows of {@code flux show/list}. */
  public static final Function<JsonNode, JsonNode> FLUX_CONFIG = each(Tables::fluxConfigRow);

  /** Rows of {@code k8s-extension show/list} (az's _format.py). */
  public static final Function<JsonNode, JsonNode> EXTENSION =
      each(
          r -> {
            ObjectNode row = F.objectNode();
            row.put("name", r.path("name").asText(""));
            row.put("extensionType", r.path("extensionType").asText(""));
            row.put("version", r.path("version").asText(""));
            row.put("provisioningState", r.path("provisioningState").asText(""));
            row.put("lastModifiedAt", r.path("systemData").path("lastModifiedAt").asText(""));
            return row;
          });

  /** Rows of {@code connectedk8s show/list}. */
  public static final Function<JsonNode, JsonNode> CONNECTED_CLUSTER =
      each(
          r -> {
            ObjectNode row = F.objectNode();
            for (String key : List.of("name", "location", "resourceGroup")) {
              row.set(key, r.path(key).isMissingNode() ? F.nullNode() : r.get(key));
            }
            return row;
          });

  /** Rows of {@code flux deployed-object show/list}. */
  public static final Function<JsonNode, JsonNode> DEPLOYED_OBJECT =
      each(Tables::deployedObjectRow);

  /** Rows of {@code flux kustomization show/list}: one per entry of a name → definition map. */
  public static final Function<JsonNode, JsonNode> KUSTOMIZATION =
      result -> {
        ArrayNode rows = F.arrayNode();
        result.fields().forEachRemaining(e -> rows.add(kustomizationRow(e.getKey(), e.getValue())));
        return rows;
      };

  private static Function<JsonNode, JsonNode> each(Function<JsonNode, ObjectNode> row) {
    return result -> {
      if (result.isArray()) {
        ArrayNode rows = F.arrayNode();
        result.forEach(item -> rows.add(row.apply(item)));
        return rows;
      }
      return row.apply(result);
    };
  }

  static ObjectNode fluxConfigRow(JsonNode r) {
    ObjectNode row = F.objectNode();
    for (String key :
        List.of(
            "namespace",
            "name",
            "scope",
            "provisioningState",
            "complianceState",
            "statusUpdatedAt",
            "sourceUpdatedAt")) {
      row.set(key, r.path(key).isMissingNode() ? F.nullNode() : r.get(key));
    }
    return row;
  }

  static ObjectNode deployedObjectRow(JsonNode r) {
    String message = "None";
    for (JsonNode condition : r.path("statusConditions")) {
      if ("Ready".equals(condition.path("type").asText())) {
        message = condition.path("message").asText("");
        if (message.length() > 60) {
          message = message.substring(0, 60) + "...";
        }
        break;
      }
    }
    ObjectNode row = F.objectNode();
    row.set("kind", r.path("kind").isMissingNode() ? F.nullNode() : r.get("kind"));
    row.set("namespace", r.path("namespace").isMissingNode() ? F.nullNode() : r.get("namespace"));
    row.set("name", r.path("name").isMissingNode() ? F.nullNode() : r.get("name"));
    row.set(
        "complianceState",
        r.path("complianceState").isMissingNode() ? F.nullNode() : r.get("complianceState"));
    row.put("message", message);
    return row;
  }

  static ObjectNode kustomizationRow(String name, JsonNode k) {
    ObjectNode row = F.objectNode();
    row.put("name", name);
    row.set("path", k.path("path").isMissingNode() ? F.nullNode() : k.get("path"));
    List<String> deps = new ArrayList<>();
    k.path("dependsOn").forEach(d -> deps.add(d.asText()));
    row.put("dependsOn", String.join(",", deps));
    row.put("syncInterval", Durations.format(seconds(k.get("syncIntervalInSeconds"))));
    row.put("timeout", Durations.format(seconds(k.get("timeoutInSeconds"))));
    row.set("prune", k.path("prune").isMissingNode() ? F.nullNode() : k.get("prune"));
    row.set("force", k.path("force").isMissingNode() ? F.nullNode() : k.get("force"));
    return row;
  }

  private static Long seconds(JsonNode n) {
    return n == null || n.isNull() ? null : n.asLong();
  }

  /** Renders rows (an array, or one object) as az prints them; a lone newline for no rows. */
  static String render(JsonNode data, boolean sortKeys) {
    List<JsonNode> items = new ArrayList<>();
    if (data.isArray()) {
      data.forEach(items::add);
    } else {
      items.add(data);
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode item : items) {
      rows.add(autoTableItem(item, sortKeys));
    }
    if (rows.isEmpty()) {
      return "\n";
    }
    List<String> headers = new ArrayList<>();
    for (Map<String, String> row : rows) {
      for (String key : row.keySet()) {
        if (!headers.contains(key)) headers.add(key);
      }
    }
    if (headers.isEmpty()) {
      throw CliException.error("Unable to extract fields for table.");
    }
    int[] widths = new int[headers.size()];
    for (int c = 0; c < headers.size(); c++) {
      widths[c] = headers.get(c).length() + 2;
      for (Map<String, String> row : rows) {
        widths[c] = Math.max(widths[c], row.getOrDefault(headers.get(c), "").length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    List<String> dashes = new ArrayList<>();
    for (int width : widths) dashes.add("-".repeat(width));
    line(out, dashes, widths);
    for (Map<String, String> row : rows) {
      List<String> cells = new ArrayList<>();
      for (String h : headers) cells.add(row.getOrDefault(h, ""));
      line(out, cells, widths);
    }
    return out.toString();
  }

  /** tabulate pads every cell to its column, joins with two spaces and strips the row's end. */
  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder row = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) row.append("  ");
      String cell = cells.get(c);
      row.append(cell).append(" ".repeat(widths[c] - cell.length()));
    }
    out.append(row.toString().stripTrailing()).append('\n');
  }

  /** knack's {@code _auto_table_item}: scalar fields only, first letter capitalised. */
  private static Map<String, String> autoTableItem(JsonNode item, boolean sortKeys) {
    Map<String, String> entry = new LinkedHashMap<>();
    if (item.isObject()) {
      List<String> keys = new ArrayList<>();
      item.fieldNames().forEachRemaining(keys::add);
      if (sortKeys) Collections.sort(keys);
      for (String key : keys) {
        JsonNode value = item.get(key);
        if (SKIP_KEYS.contains(key) || value.isNull() || value.isContainerNode()) continue;
        entry.put(capitalize(key), cell(value));
      }
    } else if (item.isArray()) {
      for (int i = 0; i < item.size(); i++) {
        entry.put("Column" + (i + 1), cell(item.get(i)));
      }
    } else if (!item.isNull()) {
      entry.put("Result", cell(item));
    }
    return entry;
  }

  private static String cell(JsonNode value) {
    if (value.isBoolean()) return value.asBoolean() ? "True" : "False";
    if (value.isNull()) return "";
    if (value.isContainerNode()) return value.toString();
    return value.asText().strip();
  }

  private static String capitalize(String key) {
    return key.isEmpty() ? key : Character.toUpperCase(key.charAt(0)) + key.substring(1);
  }
}
