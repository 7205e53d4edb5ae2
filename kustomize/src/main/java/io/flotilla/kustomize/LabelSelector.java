package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes label selector syntax: {@code a=b,c!=d,e in (x,y),f notin (z),g,!h}. kustomize's
 * selectors and helm-controller's drift ignore rules read labels and annotations with it. As
 * apimachinery's {@code labels.Parse}, which they call, a key must be a qualified name and a value
 * a label value, or the selector is refused with its words.
 */
public record LabelSelector(List<Req> reqs) {
  record Req(String key, String op, Set<String> values) {}

  // labels.Parse's lexer ends "in" at a "(", so "tier in(a,b)" needs no space before the values
  private static final Pattern SET_BASED =
      Pattern.compile("(.+?)\\s+(notin|in)(?:\\s+|(?=\\())(.*)");

  /** The selector {@code s} says, or an error naming it when it cannot be read. */
  public static LabelSelector parse(String s) throws KustomizeException {
    List<Req> out = new ArrayList<>();
    List<String> parts = TopLevel.split(s, ',', '(', ')');
    for (String p : parts) {
      p = p.trim();
      if (p.isEmpty()) continue;
      Matcher set = SET_BASED.matcher(p);
      if (set.matches()) {
        String vals = set.group(3).trim();
        if (!vals.startsWith("(") || !vals.endsWith(")")) {
          throw new KustomizeException("unable to parse label selector '" + s + "'");
        }
        Set<String> values = new java.util.HashSet<>();
        for (String v : vals.substring(1, vals.length() - 1).split(",")) values.add(v.trim());
        out.add(new Req(set.group(1).trim(), set.group(2), values));
      } else if (p.contains("!=")) {
        String[] kv = p.split("!=", 2);
        out.add(new Req(kv[0].trim(), "!=", Set.of(kv[1].trim())));
      } else if (p.contains("==")) {
        String[] kv = p.split("==", 2);
        out.add(new Req(kv[0].trim(), "=", Set.of(kv[1].trim())));
      } else if (p.contains("=")) {
        String[] kv = p.split("=", 2);
        out.add(new Req(kv[0].trim(), "=", Set.of(kv[1].trim())));
      } else if (p.startsWith("!")) {
        out.add(new Req(p.substring(1).trim(), "!", Set.of()));
      } else {
        out.add(new Req(p, "exists", Set.of()));
      }
      validate(out.getLast());
    }
    return new LabelSelector(out);
  }

  // apimachinery's validation (util/validation): qualifiedNameFmt, labelValueFmt,
  // dns1123SubdomainFmt
  private static final String NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String NAME_RULE =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
          + " validation is '"
          + NAME
          + "')";
  private static final String SUBDOMAIN =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final String VALUE = "(" + NAME + ")?";

  /**
   * labels.NewRequirement's checks in the words of the older apimachinery labels package kustomize
   * carries (what {@code kubectl kustomize}, kustomize v5.5.0, prints): the key, then each value in
   * sorted order; the first that fails is the error.
   */
  private static void validate(Req r) throws KustomizeException {
    List<String> key = qualifiedNameErrors(r.key());
    if (!key.isEmpty()) {
      throw refused("invalid label key " + quote(r.key()) + ": " + String.join("; ", key));
    }
    for (String value : new java.util.TreeSet<>(r.values())) {
      List<String> errors = new ArrayList<>();
      if (goLen(value) > 63) errors.add("must be no more than 63 characters");
      if (!value.matches(VALUE)) {
        errors.add(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_'"
                + " or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', "
                + " or 'my_value',  or '12345', regex used for validation is '"
                + VALUE
                + "')");
      }
      if (!errors.isEmpty()) {
        throw refused(
            "invalid label value: "
                + quote(value)
                + ": at key: "
                + quote(r.key())
                + ": "
                + String.join("; ", errors));
      }
    }
  }

  private static KustomizeException refused(String reason) {
    return new KustomizeException("unable to parse requirement: " + reason);
  }

  /** validation.IsQualifiedName: an optional DNS-subdomain prefix and '/', then a name. */
  private static List<String> qualifiedNameErrors(String key) {
    List<String> errors = new ArrayList<>();
    String[] parts = key.split("/", -1);
    if (parts.length > 2) {
      return List.of(
          "a qualified name "
              + NAME_RULE
              + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    }
    String name = parts[parts.length - 1];
    if (parts.length == 2) {
      String prefix = parts[0];
      if (prefix.isEmpty()) errors.add("prefix part must be non-empty");
      if (goLen(prefix) > 253) errors.add("prefix part must be no more than 253 characters");
      if (!prefix.isEmpty() && !prefix.matches(SUBDOMAIN)) {
        errors.add(
            "prefix part a DNS-1123 subdomain must consist of lower case alphanumeric"
                + " characters, '-' or '.', and must start and end with an alphanumeric character"
                + " (e.g. 'example.com', regex used for validation is '"
                + SUBDOMAIN
                + "')");
      }
    }
    if (name.isEmpty()) errors.add("name part must be non-empty");
    else if (goLen(name) > 63) errors.add("name part must be no more than 63 characters");
    if (!name.matches(NAME)) errors.add("name part " + NAME_RULE);
    return errors;
  }

  /** Go's {@code len} of a string: its UTF-8 bytes. */
  private static int goLen(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /** Go's {@code %q} of a key or value that passed the selector's lexer. */
  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  boolean matches(JsonNode labels) {
    return matches(
        key -> {
          JsonNode v = labels.get(key);
          return v == null || v.isNull() ? null : v.asText();
        });
  }

  /** Whether {@code labels} (labels or annotations; null for none) meet every requirement. */
  public boolean matches(Map<String, String> labels) {
    return matches(labels == null ? key -> null : labels::get);
  }

  private boolean matches(Function<String, String> labels) {
    for (Req r : reqs) {
      String val = labels.apply(r.key());
      boolean has = val != null;
      boolean ok =
          switch (r.op()) {
            case "=", "in" -> has && r.values().contains(val);
            case "!=", "notin" -> !has || !r.values().contains(val);
            case "!" -> !has;
            default -> has;
          };
      if (!ok) return false;
    }
    return true;
  }
}
