package io.flotilla.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drops the fields a built-in kind does not have, as kube-apiserver's decoder does when it reads a
 * body into the kind's Go type (unknown fields have nowhere to go), and names them for {@code
 * fieldValidation}: {@code spec.template.spec.containers[0].foo}. The shapes come from the kind's
 * OpenAPI definition ({@link BuiltinSchemas}), compiled once per definition. Only names are checked
 * here, not types. The root {@code metadata} is {@link ObjectMetaRules}' business.
 */
final class BuiltinFields {
  private BuiltinFields() {}

  /** What a definition allows, reduced to the field names that matter for pruning. */
  private sealed interface Shape permits Fields, Items, Values, Ref, Open {}

  private record Fields(Map<String, Shape> properties) implements Shape {}

  private record Items(Shape item) implements Shape {}

  private record Values(Shape value) implements Shape {}

  private record Ref(String definition) implements Shape {}

  /** Anything goes: scalars, int-or-string, untyped or free-form objects. */
  private record Open() implements Shape {}

  private static final Shape OPEN = new Open();
  private static final Map<String, Shape> DEFINITIONS = new ConcurrentHashMap<>();

  /** Prunes {@code obj} in place; returns the dropped fields' paths, in document order. */
  static List<String> prune(ResourceType t, ObjectNode obj) {
    BuiltinSchemas builtin = BuiltinSchemas.get();
    String name = builtin.nameOf(t.group(), t.version(), t.kind());
    if (name == null) {
      return List.of();
    }
    List<String> unknown = new ArrayList<>();
    if (definition(builtin, name) instanceof Fields root) {
      for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().equals("metadata")) {
          continue;
        }
        Shape s = root.properties().get(f.getKey());
        if (s == null) {
          unknown.add(f.getKey());
          it.remove();
        } else {
          walk(builtin, s, f.getValue(), new Path(null, f.getKey(), -1), unknown);
        }
      }
    }
    return unknown;
  }

  private static void walk(
      BuiltinSchemas builtin, Shape shape, JsonNode value, Path path, List<String> unknown) {
    switch (shape) {
      case Ref r -> walk(builtin, definition(builtin, r.definition()), value, path, unknown);
      case Fields f -> {
        if (value instanceof ObjectNode o) {
          for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Shape s = f.properties().get(e.getKey());
            if (s == null) {
              unknown.add(new Path(path, e.getKey(), -1).toString());
              it.remove();
            } else {
              walk(builtin, s, e.getValue(), new Path(path, e.getKey(), -1), unknown);
            }
          }
        }
      }
      case Items i -> {
        if (value instanceof ArrayNode a) {
          for (int k = 0; k < a.size(); k++) {
            walk(builtin, i.item(), a.get(k), new Path(path, null, k), unknown);
          }
        }
      }
      case Values v -> {
        if (value instanceof ObjectNode o) {
          o.fields()
              .forEachRemaining(
                  e ->
                      walk(
                          builtin,
                          v.value(),
                          e.getValue(),
                          new Path(path, e.getKey(), -1),
                          unknown));
        }
      }
      case Open o -> {}
    }
  }

  private static Shape definition(BuiltinSchemas builtin, String name) {
    Shape s = DEFINITIONS.get(name);
    if (s == null) {
      ObjectNode def = builtin.definition(name);
      s = def == null ? OPEN : compile(def);
      DEFINITIONS.put(name, s);
    }
    return s;
  }

  private static Shape compile(JsonNode schema) {
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.asText().startsWith(BuiltinSchemas.REF_V2)) {
      return new Ref(ref.asText().substring(BuiltinSchemas.REF_V2.length()));
    }
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return OPEN;
    }
    if (schema.has("items")) {
      return new Items(compile(schema.get("items")));
    }
    if (schema.get("properties") instanceof ObjectNode props) {
      Map<String, Shape> fields = HashMap.newHashMap(props.size());
      props.fields().forEachRemaining(e -> fields.put(e.getKey(), compile(e.getValue())));
      return new Fields(Map.copyOf(fields));
    }
    if (schema.get("additionalProperties") instanceof ObjectNode values) {
      return new Values(compile(values));
    }
    return OPEN;
  }

  /** A field's location, rendered only when the field is unknown. */
  private record Path(Path parent, String key, int index) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      render(sb);
      return sb.toString();
    }

    private void render(StringBuilder sb) {
      if (parent != null) {
        parent.render(sb);
      }
      if (key == null) {
        sb.append('[').append(index).append(']');
      } else {
        sb.append(sb.isEmpty() ? "" : ".").append(key);
      }
    }
  }
}
