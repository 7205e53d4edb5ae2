package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Kubernetes label selector syntax: {@code a=b,c!=d,e in (x,y),f notin (z),g,!h}. */
record LabelSelector(List<Req> reqs) {
  record Req(String key, String op, Set<String> values) {}

  static LabelSelector parse(String s) throws KustomizeException {
    List<Req> out = new ArrayList<>();
    List<String> parts = TopLevel.split(s, ',', '(', ')');
    for (String p : parts) {
      p = p.trim();
      if (p.isEmpty()) continue;
      String[] inParts = p.split("\\s+(notin|in)\\s+", 2);
      if (inParts.length == 2) {
        boolean notin = p.matches(".*\\s+notin\\s+.*");
        String vals = inParts[1].trim();
        if (!vals.startsWith("(") || !vals.endsWith(")")) {
          throw new KustomizeException("unable to parse label selector '" + s + "'");
        }
        Set<String> set = new java.util.HashSet<>();
        for (String v : vals.substring(1, vals.length() - 1).split(",")) set.add(v.trim());
        out.add(new Req(inParts[0].trim(), notin ? "notin" : "in", set));
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
    for (Req r : reqs) {
      JsonNode v = labels.get(r.key());
      boolean has = v != null && !v.isNull();
      String val = has ? v.asText() : null;
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
