package io.flotilla.kube.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CRD version's {@code openAPIV3Schema} applied the way apiextensions-apiserver applies a
 * structural schema: nulls of non-nullable fields without a default are dropped, {@code default}s
 * are filled in (recursively, for properties, additionalProperties and items), unknown fields are
 * pruned unless {@code x-kubernetes-preserve-unknown-fields}, and values are validated (type, enum,
 * required, pattern, bounds, lengths, item and property counts, allOf/anyOf/oneOf/not) with the
 * kube-openapi wording ({@code spec.url in body should match '...'}).
 *
 * <p>Works on the schema tree as stored in the CRD; nothing is compiled except regular expressions.
 */
public final class StructuralSchema {
  private static final Set<String> ROOT_KEEP = Set.of("apiVersion", "kind", "metadata");
  private static final Map<JsonNode, Boolean> HAS_DEFAULTS =
      Collections.synchronizedMap(new IdentityHashMap<>());

  private final JsonNode root;

  private StructuralSchema(JsonNode root) {
    this.root = root;
  }

  /** The schema of a custom resource type, or null for built-in kinds. */
  public static StructuralSchema of(ResourceType t) {
    return t.isCustom() ? new StructuralSchema(t.schema()) : null;
  }

  public static StructuralSchema of(JsonNode schema) {
    return new StructuralSchema(schema);
  }

  /** An empty schema (no type, no properties) keeps everything, like a schema-less CRD did. */
  private static boolean permissive(JsonNode s) {
    return s == null
        || s.isMissingNode()
        || (!s.has("type") && !s.has("properties") && !s.has("items"))
        || s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
  }

  // ------------------------------------------------------------------ defaulting

  /** Whether any {@code default} occurs in the schema (cached per schema tree). */
  boolean hasDefaults() {
    synchronized (HAS_DEFAULTS) {
      if (HAS_DEFAULTS.size() > 1024) {
        HAS_DEFAULTS.clear();
      }
      return HAS_DEFAULTS.computeIfAbsent(root, r -> !r.findValues("default").isEmpty());
    }
  }

  /** Drops non-nullable nulls without defaults, then fills in defaults. True if obj changed. */
  public boolean applyDefaults(ObjectNode obj) {
    boolean changed = pruneNulls(obj, root);
    if (hasDefaults()) {
      changed |= defaults(obj, root);
    }
    return changed;
  }

  /** Whether {@link #applyDefaults} would change obj, without copying it. */
  public boolean needsDefaults(JsonNode obj) {
    return hasDefaults() && wouldDefault(obj, root);
  }

  static JsonNode prop(JsonNode s, String name) {
    JsonNode props = s.get("properties");
    return props == null ? null : props.get(name);
  }

  static JsonNode additional(JsonNode s) {
    JsonNode a = s.get("additionalProperties");
    return a != null && a.isObject() ? a : null;
  }

  private static boolean nonNullableNull(JsonNode v, JsonNode s) {
    return v != null && v.isNull() && s != null && !s.path("nullable").asBoolean(false);
  }

  private static boolean pruneNulls(JsonNode x, JsonNode s) {
    if (s == null) {
      return false;
    }
    boolean changed = false;
    if (x instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode ps = prop(s, e.getKey());
        if (ps == null) {
          ps = additional(s);
        }
        if (ps == null) {
          continue;
        }
        if (nonNullableNull(e.getValue(), ps) && !ps.has("default")) {
          it.remove();
          changed = true;
        } else {
          changed |= pruneNulls(e.getValue(), ps);
        }
      }
    } else if (x instanceof ArrayNode a) {
      JsonNode items = s.get("items");
      for (JsonNode v : a) {
        changed |= pruneNulls(v, items);
      }
    }
    return changed;
  }

  private static boolean defaults(JsonNode x, JsonNode s) {
    if (s == null) {
      return false;
    }
    boolean changed = false;
    if (x instanceof ObjectNode o) {
      JsonNode props = s.get("properties");
      if (props != null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> p = it.next();
          JsonNode d = p.getValue().get("default");
          if (d == null) {
            continue;
          }
          JsonNode v = o.get(p.getKey());
          if (v == null || nonNullableNull(v, p.getValue())) {
            o.set(p.getKey(), d.deepCopy());
            changed = true;
          }
        }
      }
      JsonNode add = additional(s);
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode ps = prop(s, e.getKey());
        if (ps != null) {
          changed |= defaults(e.getValue(), ps);
        } else if (add != null) {
          if (nonNullableNull(e.getValue(), add) && add.has("default")) {
            e.setValue(add.get("default").deepCopy());
            changed = true;
          }
          changed |= defaults(e.getValue(), add);
        }
      }
    } else if (x instanceof ArrayNode a) {
      JsonNode items = s.get("items");
      if (items == null) {
        return changed;
      }
      for (int i = 0; i < a.size(); i++) {
        if (nonNullableNull(a.get(i), items) && items.has("default")) {
          a.set(i, items.get("default").deepCopy());
          changed = true;
        }
        changed |= defaults(a.get(i), items);
      }
    }
    return changed;
  }

  private static boolean wouldDefault(JsonNode x, JsonNode s) {
    if (s == null) {
      return false;
    }
    if (x instanceof ObjectNode o) {
      JsonNode props = s.get("properties");
      if (props != null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> p = it.next();
          JsonNode v = o.get(p.getKey());
          if (p.getValue().has("default") && (v == null || nonNullableNull(v, p.getValue()))) {
            return true;
          }
          if (v != null && wouldDefault(v, p.getValue())) {
            return true;
          }
        }
      }
      JsonNode add = additional(s);
      if (add != null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (prop(s, e.getKey()) == null && wouldDefault(e.getValue(), add)) {
            return true;
          }
        }
      }
    } else if (x instanceof ArrayNode a) {
      JsonNode items = s.get("items");
      for (JsonNode v : a) {
        if (wouldDefault(v, items)) {
          return true;
        }
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ pruning

  /** Removes fields the schema does not declare; returns their paths ({@code spec.foo}). */
  public List<String> prune(ObjectNode obj) {
    List<String> pruned = new ArrayList<>();
    pruneObject(obj, root, "", true, pruned);
    return pruned;
  }

  private static void prune(JsonNode x, JsonNode s, String path, List<String> pruned) {
    if (s == null) {
      return;
    }
    if (x instanceof ObjectNode o) {
      pruneObject(o, s, path, false, pruned);
    } else if (x instanceof ArrayNode a) {
      JsonNode items = s.get("items");
      for (int i = 0; i < a.size(); i++) {
        prune(a.get(i), items, path + "[" + i + "]", pruned);
      }
    }
  }

  private static void pruneObject(
      ObjectNode o, JsonNode s, String path, boolean resourceRoot, List<String> pruned) {
    boolean embedded = resourceRoot || s.path("x-kubernetes-embedded-resource").asBoolean(false);
    boolean keepUnknown = permissive(s);
    JsonNode add = additional(s);
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      String p = path.isEmpty() ? k : path + "." + k;
      if (embedded && ROOT_KEEP.contains(k)) {
        continue;
      }
      JsonNode ps = prop(s, k);
      if (ps != null) {
        prune(e.getValue(), ps, p, pruned);
      } else if (add != null) {
        prune(e.getValue(), add, p, pruned);
      } else if (s.path("additionalProperties").asBoolean(false) || keepUnknown) {
        continue;
      } else {
        pruned.add(p);
        it.remove();
      }
    }
  }

  // ------------------------------------------------------------------ validation

  /** The field errors of obj against the schema, worded as the real server words them. */
  public List<ApiException.Cause> validate(ObjectNode obj) {
    List<ApiException.Cause> causes = new ArrayList<>();
    // metadata is ObjectMeta, checked elsewhere; apiVersion and kind were checked on decode.
    // A shallow view without them, so nothing is copied.
    ObjectNode body = Json.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!ROOT_KEEP.contains(e.getKey())) {
        body.set(e.getKey(), e.getValue());
      }
    }
    SchemaValidation.validate(body, root, "", causes);
    return causes;
  }
}
