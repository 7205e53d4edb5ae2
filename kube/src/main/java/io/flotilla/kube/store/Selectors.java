package io.flotilla.kube.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Label selectors (equality and set-based) and field selectors, parsed from query strings. */
public final class Selectors {
  private Selectors() {}

  private record Requirement(String key, String op, Set<String> values) {
    boolean matches(JsonNode labels) {
      JsonNode v = labels == null ? null : labels.get(key);
      String s = v == null ? null : v.asText();
      return switch (op) {
        case "exists" -> s != null;
        case "!" -> s == null;
        case "=", "==", "in" -> s != null && values.contains(s);
        case "!=", "notin" -> s == null || !values.contains(s);
        default -> false;
      };
    }
  }

  public static Predicate<JsonNode> labels(String selector) {
    if (selector == null || selector.isBlank()) {
      return o -> true;
    }
    List<Requirement> reqs = new ArrayList<>();
    for (String part : splitTopLevel(selector)) {
      reqs.add(parseRequirement(part.trim(), selector));
    }
    return o -> {
      JsonNode labels = Json.at(o, "metadata", "labels");
      for (Requirement r : reqs) {
        if (!r.matches(labels)) {
          return false;
        }
      }
      return true;
    };
  }

  /**
   * The {@link Stored#labelBits} of the pairs an object must carry to match a (valid) selector:
   * those of its {@code key=value}, {@code key==value} and one-value {@code key in (value)}
   * requirements.
   */
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

  public static long requiredLabels(String selector) {
    long bits = 0;
    for (String part : splitTopLevel(selector)) {
      Requirement r = parseRequirement(part.trim(), selector);
      boolean single = r.values().size() == 1;
      if (single && (r.op().equals("=") || r.op().equals("==") || r.op().equals("in"))) {
        bits |= Stored.labelBits(r.key(), r.values().iterator().next());
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

  private static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  private static Requirement parseRequirement(String p, String whole) {
    if (p.isEmpty()) {
      throw ApiException.badRequest("unable to parse requirement: found '', expected: identifier");
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^([^\\s!=(),]+)\\s+(in|notin)\\s*\\(([^)]*)\\)$")
            .matcher(p);
    if (m.matches()) {
      Set<String> vals = new java.util.HashSet<>();
      for (String v : m.group(3).split(",")) {
        vals.add(v.trim());
      }
      return new Requirement(validKey(m.group(1), whole), m.group(2), vals);
    }
    if (p.startsWith("!")) {
      return new Requirement(validKey(p.substring(1).trim(), whole), "!", Set.of());
    }
    for (String op : List.of("!=", "==", "=")) {
      int i = p.indexOf(op);
      if (i > 0) {
        return new Requirement(
            validKey(p.substring(0, i).trim(), whole),
            op,
            Set.of(p.substring(i + op.length()).trim()));
      }
    }
    return new Requirement(validKey(p, whole), "exists", Set.of());
  }

  private static String validKey(String key, String whole) {
    if (!key.matches(
        "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")) {
      throw ApiException.badRequest(
          "unable to parse requirement: <nil>: Invalid value: \""
              + key
              + "\": name part must consist of alphanumeric characters, '-', '_' or '.', and must"
              + " start and end with an alphanumeric character (selector \""
              + whole
              + "\")");
    }
    return key;
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
