package io.flotilla.kube.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.FieldErrors;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
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

  private static JsonNode prop(JsonNode s, String name) {
    JsonNode props = s.get("properties");
    return props == null ? null : props.get(name);
  }

  private static JsonNode additional(JsonNode s) {
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
    validate(body, root, "", causes);
    return causes;
  }

  private static String typeName(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    if (v.isTextual()) {
      return "string";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    if (v.isIntegralNumber()) {
      return "integer";
    }
    if (v.isNumber()) {
      return "number";
    }
    return v.isArray() ? "array" : "object";
  }

  private static boolean typeMatches(String type, JsonNode v) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      default -> true;
    };
  }

  private static String name(String path) {
    return path.isEmpty() ? "." : path;
  }

  private static void validate(
      JsonNode v, JsonNode s, String path, List<ApiException.Cause> causes) {
    if (s == null || !s.isObject()) {
      return;
    }
    String n = name(path);
    if (v.isNull()) {
      if (!s.path("nullable").asBoolean(false) && s.has("type")) {
        causes.add(
            FieldErrors.typeInvalid(
                path,
                Json.F.textNode("null"),
                n + " in body must be of type " + s.get("type").asText() + ": \"null\""));
      }
      return;
    }
    boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
    String type = s.path("type").asText("");
    if (intOrString) {
      if (!v.isIntegralNumber() && !v.isTextual()) {
        causes.add(
            FieldErrors.typeInvalid(
                path,
                Json.F.textNode(typeName(v)),
                n + " in body must be of type integer,string: \"" + typeName(v) + "\""));
        return;
      }
    } else if (!type.isEmpty() && !typeMatches(type, v)) {
      causes.add(
          FieldErrors.typeInvalid(
              path,
              Json.F.textNode(typeName(v)),
              n + " in body must be of type " + type + ": \"" + typeName(v) + "\""));
      return;
    }
    JsonNode en = s.get("enum");
    if (en != null && en.isArray()) {
      boolean found = false;
      for (JsonNode e : en) {
        found |= sameValue(e, v);
      }
      if (!found) {
        List<String> values = new ArrayList<>();
        en.forEach(e -> values.add(e.isTextual() ? e.asText() : Json.write(e)));
        causes.add(FieldErrors.notSupported(path, v, values));
      }
    }
    if (v.isTextual()) {
      validateString(v.asText(), s, path, causes);
    } else if (v.isNumber()) {
      validateNumber(v, s, path, causes);
    } else if (v.isArray()) {
      validateArray((ArrayNode) v, s, path, causes);
    } else if (v.isObject()) {
      validateObject((ObjectNode) v, s, path, causes);
    }
    validateCombinators(v, s, path, causes);
  }

  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  private static void validateString(
      String v, JsonNode s, String path, List<ApiException.Cause> causes) {
    String n = name(path);
    int length = v.codePointCount(0, v.length());
    if (s.has("maxLength") && length > s.get("maxLength").asLong()) {
      causes.add(FieldErrors.tooLong(path, s.get("maxLength").asLong()));
    }
    if (s.has("minLength") && length < s.get("minLength").asLong()) {
      causes.add(
          FieldErrors.invalid(
              path,
              Json.F.textNode(v),
              n + " in body should be at least " + s.get("minLength").asLong() + " chars long"));
    }
    if (s.has("pattern")) {
      String pattern = s.get("pattern").asText();
      Pattern p = compile(pattern);
      if (p != null && !p.matcher(v).find()) {
        causes.add(
            FieldErrors.invalid(
                path, Json.F.textNode(v), n + " in body should match '" + pattern + "'"));
      }
    }
  }

  private static Pattern compile(String pattern) {
    return PATTERNS.computeIfAbsent(
        pattern,
        p -> {
          try {
            return Pattern.compile(p);
          } catch (PatternSyntaxException e) {
            return Pattern.compile("(?s).*");
          }
        });
  }

  private static void validateNumber(
      JsonNode v, JsonNode s, String path, List<ApiException.Cause> causes) {
    String n = name(path);
    BigDecimal x = v.decimalValue();
    if (s.has("maximum")) {
      BigDecimal max = s.get("maximum").decimalValue();
      boolean exclusive = s.path("exclusiveMaximum").asBoolean(false);
      if (exclusive ? x.compareTo(max) >= 0 : x.compareTo(max) > 0) {
        causes.add(
            FieldErrors.invalid(
                path,
                v,
                n
                    + " in body should be less than "
                    + (exclusive ? "" : "or equal to ")
                    + FieldErrors.go(s.get("maximum"))));
      }
    }
    if (s.has("minimum")) {
      BigDecimal min = s.get("minimum").decimalValue();
      boolean exclusive = s.path("exclusiveMinimum").asBoolean(false);
      if (exclusive ? x.compareTo(min) <= 0 : x.compareTo(min) < 0) {
        causes.add(
            FieldErrors.invalid(
                path,
                v,
                n
                    + " in body should be greater than "
                    + (exclusive ? "" : "or equal to ")
                    + FieldErrors.go(s.get("minimum"))));
      }
    }
    if (s.has("multipleOf")) {
      BigDecimal m = s.get("multipleOf").decimalValue();
      if (m.signum() > 0 && x.remainder(m).signum() != 0) {
        causes.add(
            FieldErrors.invalid(
                path,
                v,
                n + " in body should be a multiple of " + FieldErrors.go(s.get("multipleOf"))));
      }
    }
  }

  private static void validateArray(
      ArrayNode a, JsonNode s, String path, List<ApiException.Cause> causes) {
    String n = name(path);
    if (s.has("maxItems") && a.size() > s.get("maxItems").asLong()) {
      causes.add(FieldErrors.tooMany(path, a.size(), s.get("maxItems").asLong()));
    }
    if (s.has("minItems") && a.size() < s.get("minItems").asLong()) {
      causes.add(
          FieldErrors.invalid(
              path,
              Json.F.numberNode(a.size()),
              n + " in body should have at least " + s.get("minItems").asLong() + " items"));
    }
    JsonNode items = s.get("items");
    if (items != null) {
      for (int i = 0; i < a.size(); i++) {
        validate(a.get(i), items, path + "[" + i + "]", causes);
      }
    }
  }

  private static void validateObject(
      ObjectNode o, JsonNode s, String path, List<ApiException.Cause> causes) {
    String n = name(path);
    for (JsonNode r : s.path("required")) {
      String k = r.asText();
      if (!o.has(k)) {
        causes.add(FieldErrors.required(path.isEmpty() ? k : path + "." + k, ""));
      }
    }
    if (s.has("maxProperties") && o.size() > s.get("maxProperties").asLong()) {
      causes.add(FieldErrors.tooMany(path, o.size(), s.get("maxProperties").asLong()));
    }
    if (s.has("minProperties") && o.size() < s.get("minProperties").asLong()) {
      causes.add(
          FieldErrors.invalid(
              path,
              Json.F.numberNode(o.size()),
              n
                  + " in body should have at least "
                  + s.get("minProperties").asLong()
                  + " properties"));
    }
    JsonNode add = additional(s);
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      JsonNode ps = prop(s, e.getKey());
      if (ps != null) {
        validate(e.getValue(), ps, p, causes);
      } else if (add != null) {
        validate(e.getValue(), add, p, causes);
      }
    }
  }

  private static void validateCombinators(
      JsonNode v, JsonNode s, String path, List<ApiException.Cause> causes) {
    String n = name(path);
    for (JsonNode sub : s.path("allOf")) {
      validate(v, sub, path, causes);
    }
    if (s.get("anyOf") instanceof ArrayNode any && !any.isEmpty()) {
      boolean ok = false;
      for (JsonNode sub : any) {
        ok |= matches(v, sub, path);
      }
      if (!ok) {
        causes.add(
            FieldErrors.invalid(path, v, n + " in body must validate at least one schema (anyOf)"));
      }
    }
    if (s.get("oneOf") instanceof ArrayNode one && !one.isEmpty()) {
      int count = 0;
      for (JsonNode sub : one) {
        count += matches(v, sub, path) ? 1 : 0;
      }
      if (count != 1) {
        causes.add(
            FieldErrors.invalid(
                path, v, n + " in body must validate one and only one schema (oneOf)"));
      }
    }
    if (s.get("not") instanceof ObjectNode not && matches(v, not, path)) {
      causes.add(FieldErrors.invalid(path, v, n + " in body must not validate the schema (not)"));
    }
  }

  private static boolean matches(JsonNode v, JsonNode s, String path) {
    List<ApiException.Cause> sub = new ArrayList<>();
    validate(v, s, path, sub);
    return sub.isEmpty();
  }
}
