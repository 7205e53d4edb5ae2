package io.flotilla.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.flotilla.cli.CliException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** az's output stage: {@code --query} (JMESPath), then {@code -o json|table|tsv|yaml|none}. */
public final class Output {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Pattern RESOURCE_GROUP =
      Pattern.compile("(?i)/subscriptions/[^/]*/resourceGroups/([^/]*)");

  /** Top-level fields of a flux configuration as az's SDK model shows them (null when absent). */
  static final List<String> FLUX_CONFIGURATION_FIELDS =
      List.of(
          "id",
          "name",
          "type",
          "systemData",
          "scope",
          "namespace",
          "sourceKind",
          "suspend",
          "gitRepository",
          "bucket",
          "azureBlob",
          "ociRepository",
          "kustomizations",
          "configurationProtectedSettings",
          "statuses",
          "repositoryPublicKey",
          "sourceSyncedCommitId",
          "sourceUpdatedAt",
          "statusUpdatedAt",
          "waitForReconciliation",
          "reconciliationWaitDuration",
          "complianceState",
          "provisioningState",
          "errorMessage");

  private final PrintWriter out;
  private final String format;
  private final String query;
  private final boolean color;

  public Output(PrintWriter out, String format, String query) {
    this(out, format, query, false);
  }

  /**
   * @param color whether {@code jsonc}/{@code yamlc} may colour; without it they print as {@code
   *     json}/{@code yaml}, as knack does when stdout or stderr is not a terminal
   */
  public Output(PrintWriter out, String format, String query, boolean color) {
    this.out = out;
    this.format = format == null ? "json" : format;
    this.query = query;
    this.color = color;
  }

  /**
   * Prints a command's result; nothing for null (as az does for delete or {@code --no-wait}).
   *
   * @param tableTransformer the command's table columns, or null for knack's automatic table
   */
  public void print(JsonNode result, Function<JsonNode, JsonNode> tableTransformer) {
    if (result == null) {
      return;
    }
    JsonNode data = result;
    boolean queried = query != null && !query.isEmpty();
    // knack's query makes new objects (multiselect hashes) OrderedDicts: tsv keeps their order.
    Set<JsonNode> ordered = Collections.newSetFromMap(new IdentityHashMap<>());
    if (queried) {
      Set<JsonNode> original = Collections.newSetFromMap(new IdentityHashMap<>());
      collectObjects(result, original);
      data = query(result);
      if (data == null || data.isNull()) {
        return;
      }
      collectObjects(data, ordered);
      ordered.removeAll(original);
    }
    String text =
        switch (format) {
          case "none" -> "";
          case "table" -> {
            JsonNode rows =
                !queried && tableTransformer != null ? tableTransformer.apply(data) : data;
            yield Tables.render(rows, !queried && tableTransformer == null);
          }
          case "tsv" -> tsv(data, ordered);
          case "yaml" -> PyYaml.dump(data);
          case "yamlc" -> color ? PyYaml.dumpColored(data) : PyYaml.dump(data);
          case "jsonc" -> color ? Ansi.json(PyJson.dump(data) + "\n") : PyJson.dump(data) + "\n";
          default -> PyJson.dump(data) + "\n";
        };
    out.print(text);
    out.flush();
  }

  private static void collectObjects(JsonNode node, Set<JsonNode> into) {
    if (node == null) return;
    if (node.isObject()) into.add(node);
    if (node.isContainerNode()) node.forEach(child -> collectObjects(child, into));
  }

  /** Whether the result is printed as a table, which has no column for errorMessage. */
  public boolean isTable() {
    return format.equals("table");
  }

  private JsonNode query(JsonNode data) {
    try {
      var runtime = new JacksonRuntime();
      return runtime.compile(query).search(data);
    } catch (JmesPathException e) {
      throw CliException.invalid(
          "Invalid jmespath query supplied for `--query`: " + e.getMessage(),
          "To learn more about --query, please visit:"
              + " 'https://docs.microsoft.com/cli/azure/query-azure-cli'");
    }
  }

  /**
   * A flux configuration as az shows it: the SDK flattens {@code properties} into the resource,
   * adds {@code resourceGroup}, and every model field is present (null when unset). Protected
   * settings are masked if a server ever echoes them.
   */
  public static JsonNode fluxConfiguration(JsonNode resource) {
    if (resource == null || !resource.isObject()) {
      return resource;
    }
    ObjectNode flat = F.objectNode();
    for (String field : FLUX_CONFIGURATION_FIELDS) {
      flat.putNull(field);
    }
    return flattenInto(flat, resource);
  }

  /** Any ARM resource as az's SDK models show it: {@code properties} flattened, resourceGroup. */
  public static JsonNode flatten(JsonNode resource) {
    if (resource == null || !resource.isObject()) {
      return resource;
    }
    return flattenInto(F.objectNode(), resource);
  }

  private static ObjectNode flattenInto(ObjectNode flat, JsonNode resource) {
    resource
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().equals("properties")) flat.set(e.getKey(), e.getValue());
            });
    resource.path("properties").fields().forEachRemaining(e -> flat.set(e.getKey(), e.getValue()));
    JsonNode settings = flat.get("configurationProtectedSettings");
    if (settings != null && settings.isObject() && !settings.isEmpty()) {
      ObjectNode masked = F.objectNode();
      settings.fieldNames().forEachRemaining(k -> masked.put(k, "*****"));
      flat.set("configurationProtectedSettings", masked);
    }
    addResourceGroup(flat);
    return flat;
  }

  public static JsonNode fluxConfigurations(List<JsonNode> resources) {
    ArrayNode list = F.arrayNode();
    resources.forEach(r -> list.add(fluxConfiguration(r)));
    return list;
  }

  private static void addResourceGroup(ObjectNode node) {
    JsonNode id = node.get("id");
    if (id != null && id.isTextual() && !node.has("resourceGroup")) {
      Matcher m = RESOURCE_GROUP.matcher(id.asText());
      if (m.find()) {
        node.put("resourceGroup", m.group(1));
      }
    }
  }

  /** knack's tsv: one line per item; object values by sorted key (query-made objects in order). */
  static String tsv(JsonNode data) {
    return tsv(data, Set.of());
  }

  static String tsv(JsonNode data, Set<JsonNode> ordered) {
    StringBuilder out = new StringBuilder();
    List<JsonNode> items = new ArrayList<>();
    if (data.isArray()) data.forEach(items::add);
    else items.add(data);
    for (JsonNode item : items) {
      if (item.isObject()) {
        List<String> keys = new ArrayList<>();
        item.fieldNames().forEachRemaining(keys::add);
        if (!ordered.contains(item)) Collections.sort(keys);
        List<String> cells = new ArrayList<>();
        for (String k : keys) cells.add(tsvCell(item.get(k)));
        out.append(String.join("\t", cells));
      } else if (item.isArray()) {
        List<String> cells = new ArrayList<>();
        item.forEach(v -> cells.add(tsvCell(v)));
        out.append(String.join("\t", cells));
      } else if (item.isBoolean()) {
        out.append(item.asBoolean() ? "true" : "false");
      } else {
        out.append(tsvCell(item));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Python's {@code str()} of a value inside a row: None, True/False, list length, dict empty. */
  private static String tsvCell(JsonNode v) {
    if (v == null || v.isNull()) return "None";
    if (v.isArray()) return String.valueOf(v.size());
    if (v.isObject()) return "";
    if (v.isBoolean()) return v.asBoolean() ? "True" : "False";
    if (v.isFloatingPointNumber()) return PyJson.floatRepr(v.asDouble(), false);
    return v.asText();
  }

  static String yaml(JsonNode data) {
    return PyYaml.dump(data);
  }
}
