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
 * selectors and helm-controller's drift ignore rules read labels and annotations with it.
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
    }
    return new LabelSelector(out);
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
