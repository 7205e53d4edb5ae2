package io.flotilla.kube.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.GoText;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.printers.Printer;
import io.flotilla.kube.printers.Printers;
import io.flotilla.kube.proto.ProtoWire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Server-side printing: the {@code meta.k8s.io Table} kubectl asks for with {@code Accept:
 * application/json;as=Table;v=v1;g=meta.k8s.io}, for a get, a list or each event of a watch. The
 * columns come from {@link Printers}; each row carries the object as {@code includeObject} says
 * (PartialObjectMetadata by default, the whole object, or none).
 */
final class Tables {
  private Tables() {}

  /** What a row's {@code object} holds. */
  enum Include {
    NONE,
    METADATA,
    OBJECT
  }

  /** A request for a table: the Table's API version and what rows include. */
  record Request(String apiVersion, Include include) {

    /**
     * The table asked for by {@code accept}, or null when the first acceptable media type is a
     * plain one. A bad {@code includeObject} answers 400, as kube-apiserver does.
     */
    static Request parse(String accept, Map<String, List<String>> query) {
      String version = tableVersion(accept);
      if (version == null) {
        return null;
      }
      String include = Exchanges.first(query, "includeObject");
      Include inc =
          switch (include == null ? "" : include) {
            case "", "Metadata" -> Include.METADATA;
            case "None" -> Include.NONE;
            case "Object" -> Include.OBJECT;
            default ->
                throw ApiException.badRequest(
                    "Unable to convert to Table as requested: includeObject: Unsupported value: "
                        + GoText.quote(include)
                        + ": supported values: \"Metadata\", \"None\", \"Object\"");
          };
      return new Request("meta.k8s.io/" + version, inc);
    }
  }

  /**
   * The Table version of the first media type in {@code accept} the server can serve (by quality,
   * then order), or null when that is a plain representation. Tables of an unknown version are
   * skipped, as kube-apiserver's negotiation does.
   */
  static String tableVersion(String accept) {
    if (accept == null || !accept.contains("as=Table")) {
      return null;
    }
    record Clause(double q, int order, String tableVersion) {}
    List<Clause> clauses = new ArrayList<>();
    String[] parts = accept.split(",");
    for (int i = 0; i < parts.length; i++) {
      String[] params = parts[i].split(";");
      String type = params[0].strip().toLowerCase(Locale.ROOT);
      String as = null;
      String g = null;
      String v = null;
      double q = 1;
      for (int j = 1; j < params.length; j++) {
        String[] kv = params[j].strip().split("=", 2);
        String value = kv.length > 1 ? kv[1].strip() : "";
        switch (kv[0].strip()) {
          case "as" -> as = value;
          case "g" -> g = value;
          case "v" -> v = value;
          case "q" -> q = parseQ(value);
          default -> {}
        }
      }
      boolean json =
          type.equals("application/json") || type.equals("*/*") || type.equals("application/*");
      if (as == null) {
        if (json || type.equals("application/yaml") || type.equals(ProtoWire.MEDIA_TYPE)) {
          clauses.add(new Clause(q, i, null));
        }
      } else if (json
          && as.equals("Table")
          && "meta.k8s.io".equals(g)
          && ("v1".equals(v) || "v1beta1".equals(v))) {
        clauses.add(new Clause(q, i, v));
      }
    }
    return clauses.stream()
        .filter(c -> c.q() > 0)
        .sorted((a, b) -> a.q() != b.q() ? Double.compare(b.q(), a.q()) : a.order() - b.order())
        .findFirst()
        .map(Clause::tableVersion)
        .orElse(null);
  }

  private static double parseQ(String q) {
    try {
      return Double.parseDouble(q);
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  static ObjectNode list(ResourceType t, ObjectNode list, Request r, Instant now) {
    Printer p = Printers.of(t);
    ObjectNode table = table(r, p, true);
    ObjectNode meta = (ObjectNode) table.get("metadata");
    JsonNode listMeta = list.path("metadata");
    for (String f : List.of("resourceVersion", "continue", "remainingItemCount")) {
      if (listMeta.hasNonNull(f)) {
        meta.set(f, listMeta.get(f));
      }
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : list.path("items")) {
      rows.add(row(p, item, r, now));
    }
    return table;
  }

  static ObjectNode single(ResourceType t, ObjectNode obj, Request r, Instant now) {
    return single(Printers.of(t), obj, r, now, true);
  }

  private static ObjectNode single(
      Printer p, JsonNode obj, Request r, Instant now, boolean headers) {
    ObjectNode table = table(r, p, headers);
    ((ObjectNode) table.get("metadata"))
        .put("resourceVersion", Json.text(obj, "metadata", "resourceVersion"));
    table.putArray("rows").add(row(p, obj, r, now));
    return table;
  }

  /**
   * Turns each watch event's object into a one-row Table; only the first carries the column
   * definitions, as kube-apiserver streams them.
   */
  static UnaryOperator<JsonNode> watch(ResourceType t, Request r) {
    Printer p = Printers.of(t);
    boolean[] first = {true};
    return obj -> {
      ObjectNode table = single(p, obj, r, Instant.now(), first[0]);
      first[0] = false;
      return table;
    };
  }

  private static ObjectNode table(Request r, Printer p, boolean headers) {
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", r.apiVersion());
    table.putObject("metadata");
    if (headers) {
      ArrayNode cols = table.putArray("columnDefinitions");
      p.columns().forEach(c -> cols.add(c.toJson()));
    } else {
      table.putNull("columnDefinitions");
    }
    return table;
  }

  private static ObjectNode row(Printer p, JsonNode obj, Request r, Instant now) {
    ObjectNode row = Json.object();
    p.cells().write(obj, now, row.putArray("cells"));
    ArrayNode conditions = p.conditions().of(obj);
    if (conditions != null) {
      row.set("conditions", conditions);
    }
    switch (r.include()) {
      case NONE -> row.putNull("object");
      case OBJECT -> row.set("object", obj);
      case METADATA -> {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", r.apiVersion());
        partial.set("metadata", obj.get("metadata"));
      }
    }
    return row;
  }
}
