package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A strategic merge patch the way kustomize applies one (kyaml's merge walker with patch items
 * first), quirks included, because users diff the output:
 *
 * <ul>
 *   <li>maps merge field by field, {@code null} deletes, {@code $patch: delete|replace|merge} on a
 *       map or as a lone list element is honoured; other {@code $} keys ({@code $setElementOrder},
 *       {@code $retainKeys}, {@code $deleteFromPrimitiveList}) are plain fields and are copied;
 *   <li>a list merges only where the schema ({@link MergeSchema}) gives it the {@code merge}
 *       strategy, by its merge keys; every other list is replaced;
 *   <li>merged lists hold the patch's elements first, in patch order, then the target's others.
 * </ul>
 *
 * The walk mutates the target copy in place: a merged element is the target's own node, which is
 * why, for instance, {@code $patch: replace} on one list element has no effect in kustomize.
 */
final class StrategicMerge {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String PATCH = "$patch";

  private enum Directive {
    MERGE,
    REPLACE,
    DELETE,
    UNKNOWN
  }

  private final MergeSchema schemas;

  private StrategicMerge(MergeSchema schemas) {
    this.schemas = schemas;
  }

  /** Result of patching one resource: the new object, or null when the patch deletes it. */
  static ObjectNode apply(ObjectNode target, ObjectNode patch) throws KustomizeException {
    return apply(target, patch, MergeSchema.BUILTIN);
  }

  static ObjectNode apply(ObjectNode target, ObjectNode patch, MergeSchema schemas)
      throws KustomizeException {
    StrategicMerge m = new StrategicMerge(schemas);
    ObjectNode dest = target.deepCopy();
    ObjectNode origin = patch.deepCopy();
    try {
      JsonNode out = m.walk(dest, origin, null);
      return out instanceof ObjectNode o ? o : null;
    } catch (IllegalArgumentException e) {
      throw new KustomizeException(e.getMessage());
    }
  }

  static boolean missingOrNull(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }

  static boolean emptyMap(JsonNode n) {
    return n instanceof ObjectNode o && o.isEmpty();
  }

  private static String kindName(JsonNode n) {
    return n.isObject() ? "MappingNode" : n.isArray() ? "SequenceNode" : "ScalarNode";
  }

  private MergeSchema.Node schemaOf(JsonNode dest, JsonNode origin, MergeSchema.Node schema) {
    if (schema != null) return schema;
    for (JsonNode s : new JsonNode[] {dest, origin}) {
      if (s instanceof ObjectNode o && o.hasNonNull("kind") && o.hasNonNull("apiVersion")) {
        MergeSchema.Node found =
            schemas.forType(o.get("apiVersion").asText(), o.get("kind").asText());
        if (found != null) return found;
      }
    }
    return null;
  }

  /** Merges {@code origin} (patch) into {@code dest}; null means the field goes away. */
  private JsonNode walk(JsonNode dest, JsonNode origin, MergeSchema.Node schema) {
    schema = schemaOf(dest, origin, schema);
    JsonNode first = !missingOrNull(dest) ? dest : !missingOrNull(origin) ? origin : null;
    if (first != null) {
      for (JsonNode s : new JsonNode[] {dest, origin}) {
        if (!missingOrNull(s) && s.getNodeType() != first.getNodeType()) {
          boolean bothScalars = s.isValueNode() && first.isValueNode();
          if (!bothScalars) {
            throw new IllegalArgumentException(
                "wrong node kind: expected %s but got %s".formatted(kindName(first), kindName(s)));
          }
        }
      }
    }
    if (first == null || first.isObject()) {
      return walkMap(dest, origin, schema);
    }
    if (first.isArray()) {
      if (schema != null && schema.merges()) {
        return walkAssociative(dest, origin, schema);
      }
      return origin != null ? origin : dest;
    }
    return origin != null ? origin : dest;
  }

  private JsonNode walkMap(JsonNode dest, JsonNode origin, MergeSchema.Node schema) {
    JsonNode result;
    if (missingOrNull(dest)) {
      if (mapDirective(origin, true) == Directive.DELETE) return null;
      result = origin;
    } else if (origin instanceof NullNode) {
      return null;
    } else {
      switch (mapDirective(origin, false)) {
        case DELETE:
          return null;
        case REPLACE:
          result = origin;
          break;
        default:
          result = dest;
      }
    }
    if (!(result instanceof ObjectNode r)) {
      return result;
    }
    ObjectNode o = origin instanceof ObjectNode on ? on : null;
    Set<String> names = new TreeSet<>();
    r.fieldNames().forEachRemaining(names::add);
    if (o != null) o.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode val =
          walk(
              r.get(name),
              o == null ? null : o.get(name),
              schema == null ? null : schema.field(name));
      if (missingOrNull(val)) {
        r.remove(name);
      } else {
        r.set(name, val);
      }
    }
    return r;
  }

  /** Reads and removes a map's {@code $patch}. */
  private static Directive mapDirective(JsonNode patch, boolean lenient) {
    if (patch == null) return Directive.MERGE;
    if (patch instanceof ArrayNode a) return listDirective(a);
    if (!(patch instanceof ObjectNode o)) {
      if (lenient) return Directive.UNKNOWN;
      throw new IllegalArgumentException("no implemented strategic merge patch strategy");
    }
    JsonNode v = o.get(PATCH);
    if (v == null || v.isNull()) return Directive.MERGE;
    Directive d = parse(v.asText());
    o.remove(PATCH);
    return d;
  }

  private static Directive parse(String v) {
    return switch (v) {
      case "delete" -> Directive.DELETE;
      case "replace" -> Directive.REPLACE;
      case "merge" -> Directive.MERGE;
      default -> throw new IllegalArgumentException("unknown patch strategy '" + v + "'");
    };
  }

  /** A list's directive is an element that holds nothing but {@code $patch}; it is removed. */
  private static Directive listDirective(ArrayNode patch) {
    for (JsonNode e : patch) {
      if (e instanceof ObjectNode o && o.has(PATCH)) {
        if (o.size() > 1) return Directive.MERGE;
        String v = o.get(PATCH).asText();
        Directive d = parse(v);
        ListElements.setElement(patch, null, List.of(PATCH), List.of(v));
        return d;
      }
    }
    return Directive.MERGE;
  }

  private JsonNode walkAssociative(JsonNode dest, JsonNode origin, MergeSchema.Node schema) {
    JsonNode result;
    if (missingOrNull(dest)) {
      result = origin;
    } else if (origin instanceof NullNode) {
      return null;
    } else {
      Directive d = origin instanceof ArrayNode oa ? listDirective(oa) : Directive.MERGE;
      if (d == Directive.DELETE) return null;
      result = d == Directive.REPLACE ? origin : dest;
    }
    if (!(result instanceof ArrayNode list)) {
      return result;
    }
    ArrayNode patch = origin instanceof ArrayNode pa ? pa : null;
    List<String> keys = schema.keys();
    List<List<String>> values = ListElements.elementValues(keys, list, patch);
    if (!values.isEmpty() || !keys.isEmpty()) {
      return setElements(values, keys, list, patch, schema.items());
    }
    return setElements(
        ListElements.primitiveValues(list, patch), List.of(""), list, patch, schema.items());
  }

  private JsonNode setElements(
      List<List<String>> values,
      List<String> keys,
      ArrayNode dest,
      ArrayNode patch,
      MergeSchema.Node itemSchema) {
    ArrayNode items = F.arrayNode();
    if (keys.size() > 1) {
      for (int i = 0; i < values.size(); i++) {
        for (int j = 0; j < values.size(); j++) {
          List<String> m = ListElements.match(values.get(i), values.get(j));
          if (m != null) {
            values.set(i, m);
            values.set(j, m);
          }
        }
      }
    }
    List<String> validKeys = keys;
    List<String> validValues = List.of();
    for (List<String> v : values) {
      if (v.isEmpty()) continue;
      List<List<String>> kv = ListElements.validKeys(values, v, keys);
      validKeys = kv.get(0);
      validValues = kv.get(1);
      List<List<String>> own = ListElements.validKeys(List.of(v), v, keys);
      JsonNode val =
          walk(
              ListElements.findElement(dest, own.get(0), own.get(1)),
              ListElements.findElement(patch, own.get(0), own.get(1)),
              itemSchema);
      if (missingOrNull(val) || emptyMap(val)) {
        ListElements.setElement(dest, null, validKeys, validValues);
        continue;
      }
      if (val instanceof ObjectNode vo) {
        for (int i = 0; i < validKeys.size() && i < validValues.size(); i++) {
          if (!vo.has(validKeys.get(i)) && !validValues.get(i).isEmpty()) {
            vo.set(validKeys.get(i), ScalarResolver.resolve(validValues.get(i)));
          }
        }
      }
      ListElements.setElement(items, val, validKeys, validValues);
    }
    if (values.isEmpty()) {
      return dest;
    }
    ListElements.appendList(items, dest, validKeys);
    return items;
  }

  /** A copy without {@code $patch} directives (for content that is not merged into anything). */
  static ObjectNode clean(JsonNode n) {
    ObjectNode copy = (ObjectNode) n.deepCopy();
    copy.remove(PATCH);
    return copy;
  }
}
