package io.flotilla.kube.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.FieldErrors;
import io.flotilla.kube.base.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The validation half of {@link StructuralSchema}: a value against its schema node (type, enum,
 * required, pattern, bounds, lengths, item and property counts, allOf/anyOf/oneOf/not), each error
 * a field cause worded as kube-openapi words it.
 */
final class SchemaValidation {
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private SchemaValidation() {}

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

  static void validate(JsonNode v, JsonNode s, String path, List<ApiException.Cause> causes) {
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
    for (Bound b : Bound.BOTH) {
      b.check(v, s, path, causes);
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

  /** {@code maximum} or {@code minimum}, with its {@code exclusive*} flag. */
  private record Bound(String keyword, String exclusiveKeyword, int side, String relation) {
    static final List<Bound> BOTH =
        List.of(
            new Bound("maximum", "exclusiveMaximum", 1, "less than "),
            new Bound("minimum", "exclusiveMinimum", -1, "greater than "));

    void check(JsonNode v, JsonNode s, String path, List<ApiException.Cause> causes) {
      if (!s.has(keyword)) {
        return;
      }
      boolean exclusive = s.path(exclusiveKeyword).asBoolean(false);
      int beyond = v.decimalValue().compareTo(s.get(keyword).decimalValue()) * side;
      if (exclusive ? beyond >= 0 : beyond > 0) {
        causes.add(
            FieldErrors.invalid(
                path,
                v,
                name(path)
                    + " in body should be "
                    + relation
                    + (exclusive ? "" : "or equal to ")
                    + FieldErrors.go(s.get(keyword))));
      }
    }
  }

  private static void validateArray(
      ArrayNode a, JsonNode s, String path, List<ApiException.Cause> causes) {
    sizeBounds(a.size(), s.get("maxItems"), s.get("minItems"), "items", path, causes);
    JsonNode items = s.get("items");
    if (items != null) {
      for (int i = 0; i < a.size(); i++) {
        validate(a.get(i), items, path + "[" + i + "]", causes);
      }
    }
  }

  /** An array's or object's {@code size} against the schema's bounds on it (null: none). */
  private static void sizeBounds(
      int size,
      JsonNode max,
      JsonNode min,
      String unit,
      String path,
      List<ApiException.Cause> causes) {
    if (max != null && size > max.asLong()) {
      causes.add(FieldErrors.tooMany(path, size, max.asLong()));
    }
    if (min != null && size < min.asLong()) {
      causes.add(
          FieldErrors.invalid(
              path,
              Json.F.numberNode(size),
              name(path) + " in body should have at least " + min.asLong() + " " + unit));
    }
  }

  private static void validateObject(
      ObjectNode o, JsonNode s, String path, List<ApiException.Cause> causes) {
    for (JsonNode r : s.path("required")) {
      String k = r.asText();
      if (!o.has(k)) {
        causes.add(FieldErrors.required(path.isEmpty() ? k : path + "." + k, ""));
      }
    }
    sizeBounds(
        o.size(), s.get("maxProperties"), s.get("minProperties"), "properties", path, causes);
    JsonNode add = StructuralSchema.additional(s);
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      JsonNode ps = StructuralSchema.prop(s, e.getKey());
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
