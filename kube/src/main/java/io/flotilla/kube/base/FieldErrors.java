package io.flotilla.kube.base;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Field errors worded as apimachinery's {@code field.Error} renders them ({@code Invalid value:
 * "x": detail}), and values printed the way Go's {@code %q}/{@code %v}/{@code %#v} would print the
 * decoded JSON, so messages read like the real server's.
 */
public final class FieldErrors {
  private FieldErrors() {}

  public static ApiException.Cause invalid(String field, JsonNode value, String detail) {
    return new ApiException.Cause(
        "FieldValueInvalid", "Invalid value: " + go(value) + suffix(detail), field);
  }

  /** An invalid value whose Go rendering is given literally (typed structs, pointers). */
  public static ApiException.Cause invalidRendered(String field, String rendered, String detail) {
    return new ApiException.Cause(
        "FieldValueInvalid", "Invalid value: " + rendered + suffix(detail), field);
  }

  public static ApiException.Cause typeInvalid(String field, JsonNode value, String detail) {
    return new ApiException.Cause(
        "FieldValueTypeInvalid", "Invalid value: " + go(value) + suffix(detail), field);
  }

  public static ApiException.Cause required(String field, String detail) {
    return new ApiException.Cause("FieldValueRequired", "Required value" + suffix(detail), field);
  }

  public static ApiException.Cause forbidden(String field, String detail) {
    return new ApiException.Cause("FieldValueForbidden", "Forbidden" + suffix(detail), field);
  }

  public static ApiException.Cause notSupported(
      String field, JsonNode value, List<String> supported) {
    StringBuilder d = new StringBuilder();
    if (!supported.isEmpty()) {
      d.append("supported values: ");
      for (int i = 0; i < supported.size(); i++) {
        d.append(i > 0 ? ", " : "").append(GoText.quote(supported.get(i)));
      }
    }
    return new ApiException.Cause(
        "FieldValueNotSupported", "Unsupported value: " + go(value) + suffix(d.toString()), field);
  }

  public static ApiException.Cause tooLong(String field, long max) {
    return new ApiException.Cause(
        "FieldValueTooLong", "Too long: may not be longer than " + max, field);
  }

  public static ApiException.Cause tooLongBytes(String field, long max) {
    return new ApiException.Cause(
        "FieldValueTooLong", "Too long: must have at most " + max + " bytes", field);
  }

  public static ApiException.Cause tooMany(String field, int actual, long max) {
    return new ApiException.Cause(
        "FieldValueTooMany",
        "Too many: " + actual + ": must have at most " + max + " items",
        field);
  }

  /** Drops repeated messages, as {@code ErrorList.ToAggregate} does. */
  public static List<ApiException.Cause> distinct(List<ApiException.Cause> causes) {
    return new ArrayList<>(new LinkedHashSet<>(causes));
  }

  private static String suffix(String detail) {
    return detail == null || detail.isEmpty() ? "" : ": " + detail;
  }

  /** A decoded JSON value as Go prints an {@code interface{}} holding it. */
  public static String go(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "\"null\"";
    }
    if (v.isTextual()) {
      return GoText.quote(v.asText());
    }
    if (v.isNumber() || v.isBoolean()) {
      return number(v);
    }
    return goStruct(v);
  }

  private static String goStruct(JsonNode v) {
    if (v.isTextual()) {
      return GoText.quote(v.asText());
    }
    if (v.isNumber() || v.isBoolean()) {
      return number(v);
    }
    if (v.isNull()) {
      return "interface {}(nil)";
    }
    StringBuilder sb = new StringBuilder();
    if (v.isArray()) {
      sb.append("[]interface {}{");
      for (int i = 0; i < v.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(goStruct(v.get(i)));
      }
      return sb.append('}').toString();
    }
    sb.append("map[string]interface {}{");
    List<String> keys = new ArrayList<>();
    v.fieldNames().forEachRemaining(keys::add);
    keys.sort(null);
    for (int i = 0; i < keys.size(); i++) {
      sb.append(i > 0 ? ", " : "")
          .append(GoText.quote(keys.get(i)))
          .append(':')
          .append(goStruct(v.get(keys.get(i))));
    }
    return sb.append('}').toString();
  }

  /** {@code map[string]string{"a":"b"}}, keys sorted, as Go prints a label map. */
  public static String stringMap(JsonNode map) {
    if (map == null || !map.isObject() || map.isEmpty()) {
      return "map[string]string(nil)";
    }
    List<String> keys = new ArrayList<>();
    map.fieldNames().forEachRemaining(keys::add);
    keys.sort(null);
    StringBuilder sb = new StringBuilder("map[string]string{");
    for (int i = 0; i < keys.size(); i++) {
      sb.append(i > 0 ? ", " : "")
          .append(GoText.quote(keys.get(i)))
          .append(':')
          .append(GoText.quote(map.get(keys.get(i)).asText()));
    }
    return sb.append('}').toString();
  }

  /** A label selector as the apps and batch validators print it. */
  public static String labelSelector(JsonNode sel) {
    if (sel == null || sel.isNull()) {
      return "(*v1.LabelSelector)(nil)";
    }
    StringBuilder sb = new StringBuilder("v1.LabelSelector{MatchLabels:");
    sb.append(stringMap(sel.get("matchLabels"))).append(", MatchExpressions:");
    JsonNode exprs = sel.get("matchExpressions");
    if (exprs == null || !exprs.isArray() || exprs.isEmpty()) {
      sb.append("[]v1.LabelSelectorRequirement(nil)");
    } else {
      sb.append("[]v1.LabelSelectorRequirement{");
      for (int i = 0; i < exprs.size(); i++) {
        JsonNode e = exprs.get(i);
        sb.append(i > 0 ? ", " : "")
            .append("v1.LabelSelectorRequirement{Key:")
            .append(GoText.quote(e.path("key").asText()))
            .append(", Operator:")
            .append(GoText.quote(e.path("operator").asText()))
            .append(", Values:");
        JsonNode vals = e.get("values");
        if (vals == null || !vals.isArray()) {
          sb.append("[]string(nil)");
        } else {
          sb.append("[]string{");
          for (int j = 0; j < vals.size(); j++) {
            sb.append(j > 0 ? ", " : "").append(GoText.quote(vals.get(j).asText()));
          }
          sb.append('}');
        }
        sb.append('}');
      }
      sb.append('}');
    }
    return sb.append('}').toString();
  }

  public static String stringSlice(JsonNode arr) {
    if (arr == null || !arr.isArray()) {
      return "[]string(nil)";
    }
    StringBuilder sb = new StringBuilder("[]string{");
    for (int i = 0; i < arr.size(); i++) {
      sb.append(i > 0 ? ", " : "").append(GoText.quote(arr.get(i).asText()));
    }
    return sb.append('}').toString();
  }

  private static String number(JsonNode v) {
    if (v.isBoolean() || v.isIntegralNumber()) {
      return v.asText();
    }
    double d = v.asDouble();
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e21) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }
}
