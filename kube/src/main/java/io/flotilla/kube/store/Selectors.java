package io.flotilla.kube.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Label selectors (parsed by {@link LabelSelectorParser}) and field selectors from query strings,
 * and metav1.LabelSelector objects.
 */
public final class Selectors {
  private Selectors() {}

  public static Predicate<JsonNode> labels(String selector) {
    if (selector == null || selector.isBlank()) {
      return o -> true;
    }
    List<LabelRequirement> reqs = LabelSelectorParser.parse(selector);
    return o -> {
      JsonNode labels = Json.at(o, "metadata", "labels");
      for (LabelRequirement r : reqs) {
        if (!r.matches(labels)) {
          return false;
        }
      }
      return true;
    };
  }

  /**
   * Whether a metav1.LabelSelector object (matchLabels and matchExpressions) selects {@code
   * labels}; an empty selector selects everything.
   */
  public static boolean matches(JsonNode selector, JsonNode labels) {
    JsonNode ls = labels == null ? Json.object() : labels;
    for (Iterator<Map.Entry<String, JsonNode>> it = selector.path("matchLabels").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!ls.has(e.getKey()) || !ls.get(e.getKey()).asText().equals(e.getValue().asText())) {
        return false;
      }
    }
    for (JsonNode r : selector.path("matchExpressions")) {
      String key = r.path("key").asText();
      List<String> values = Json.strings(r.get("values"));
      boolean has = ls.has(key);
      String v = has ? ls.get(key).asText() : null;
      boolean ok =
          switch (r.path("operator").asText()) {
            case "In" -> has && values.contains(v);
            case "NotIn" -> !has || !values.contains(v);
            case "Exists" -> has;
            case "DoesNotExist" -> !has;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The {@link Stored#labelBits} of the pairs an object must carry to match a (valid) selector:
   * those of its {@code key=value}, {@code key==value} and one-value {@code key in (value)}
   * requirements.
   */
  public static long requiredLabels(String selector) {
    long bits = 0;
    for (LabelRequirement r : LabelSelectorParser.parse(selector)) {
      if (r.requiresExactly()) {
        bits |= Stored.labelBits(r.key(), r.values().get(0));
      }
    }
    return bits;
  }

  /**
   * A LabelSelector's requirements as text, sorted by key ({@code
   * metav1.LabelSelectorAsSelector(sel).String()}): {@code k=v}, {@code k in (a,b)}, {@code k notin
   * (a)}, {@code k}, {@code !k}; null for a requirement whose operator is unknown.
   */
  public static List<String> requirementTexts(JsonNode sel) {
    List<String> out = new ArrayList<>();
    if (sel == null) {
      return out;
    }
    List<String[]> reqs = new ArrayList<>();
    sel.path("matchLabels")
        .properties()
        .forEach(
            e -> reqs.add(new String[] {e.getKey(), e.getKey() + "=" + e.getValue().asText()}));
    for (JsonNode e : sel.path("matchExpressions")) {
      String key = e.path("key").asText();
      String values = String.join(",", new TreeSet<>(Json.strings(e.get("values"))));
      String text =
          switch (e.path("operator").asText()) {
            case "In" -> key + " in (" + values + ")";
            case "NotIn" -> key + " notin (" + values + ")";
            case "Exists" -> key;
            case "DoesNotExist" -> "!" + key;
            default -> null;
          };
      reqs.add(new String[] {key, text});
    }
    reqs.sort((x, y) -> x[0].compareTo(y[0]));
    reqs.forEach(r -> out.add(r[1]));
    return out;
  }

  /** Field selectors: metadata.name and metadata.namespace everywhere, a few more per kind. */
  public static Predicate<JsonNode> fields(String selector, ResourceType t) {
    if (selector == null || selector.isBlank()) {
      return o -> true;
    }
    List<Predicate<JsonNode>> preds = new ArrayList<>();
    for (String part : selector.split(",")) {
      String op;
      int i;
      if ((i = part.indexOf("!=")) > 0) {
        op = "!=";
      } else if ((i = part.indexOf("==")) > 0) {
        op = "==";
      } else if ((i = part.indexOf('=')) > 0) {
        op = "=";
      } else {
        throw ApiException.badRequest("invalid field selector: '" + part + "'");
      }
      String field = part.substring(0, i).trim();
      String value = part.substring(i + op.length()).trim();
      String[] path = fieldPath(field, t);
      boolean negate = op.equals("!=");
      preds.add(
          o -> {
            String actual = Json.text(o, path);
            boolean eq = value.equals(actual == null ? "" : actual);
            return negate != eq;
          });
    }
    return o -> preds.stream().allMatch(p -> p.test(o));
  }

  private static String[] fieldPath(String field, ResourceType t) {
    boolean ok =
        switch (field) {
          case "metadata.name", "metadata.namespace" -> true;
          case "status.phase",
              "spec.nodeName",
              "spec.restartPolicy",
              "spec.schedulerName",
              "spec.serviceAccountName",
              "status.podIP" ->
              t.is("", "pods");
          case "type" -> t.is("", "secrets");
          case "involvedObject.kind",
              "involvedObject.namespace",
              "involvedObject.name",
              "involvedObject.uid",
              "involvedObject.apiVersion",
              "reason",
              "type.event",
              "source" ->
              t.is("", "events");
          case "status.successful" -> t.is("batch", "jobs");
          default -> false;
        };
    if (!ok) {
      if (t.isCustom()) {
        throw ApiException.badRequest(
            "\""
                + field
                + "\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
      }
      throw ApiException.badRequest("field label not supported: " + field);
    }
    return field.split("\\.");
  }
}
