package io.flotilla.kube.printers;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.gotext.GoFloat;
import io.flotilla.gotext.GoJsonString;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSONPath subset a CRD's {@code additionalPrinterColumns} use, evaluated as kubectl's jsonpath
 * does with missing keys allowed: fields ({@code .a.b}, {@code ['a.b']}, {@code a\.b}), {@code *},
 * indexes and slices ({@code [0]}, {@code [-1]}, {@code [1:3]}), and filters ({@code
 * [?(@.type=="Ready")]}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}, existence).
 */
final class ColumnPath {
  private final List<Step> steps;

  private ColumnPath(List<Step> steps) {
    this.steps = steps;
  }

  /** A path step: from one node, the nodes it leads to. */
  private sealed interface Step permits Field, Wildcard, Slice, Filter {}

  private record Field(String name) implements Step {}

  private record Wildcard() implements Step {}

  private record Slice(Integer start, Integer end, boolean single) implements Step {}

  private record Filter(ColumnPath left, String op, String literal, boolean quoted)
      implements Step {}

  /** Parses a path such as {@code .status.conditions[?(@.type=="Ready")].status}. */
  static ColumnPath parse(String path) {
    String p = path.strip();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1).strip();
    }
    if (p.startsWith("$")) {
      p = p.substring(1);
    }
    List<Step> steps = new ArrayList<>();
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '.') {
        if (i + 1 < p.length() && p.charAt(i + 1) == '.') {
          throw new IllegalArgumentException("recursive descent is not supported: " + path);
        }
        i++;
        if (i < p.length() && p.charAt(i) == '*') {
          steps.add(new Wildcard());
          i++;
          continue;
        }
        StringBuilder name = new StringBuilder();
        while (i < p.length() && p.charAt(i) != '.' && p.charAt(i) != '[') {
          if (p.charAt(i) == '\\' && i + 1 < p.length()) {
            i++;
          }
          name.append(p.charAt(i++));
        }
        if (!name.isEmpty()) {
          steps.add(new Field(name.toString()));
        }
      } else if (c == '[') {
        int close = closing(p, i);
        steps.add(bracket(p.substring(i + 1, close).strip(), path));
        i = close + 1;
      } else if (i == 0 && Character.isLetter(c)) {
        p = "." + p; // a leading field without its dot
      } else {
        throw new IllegalArgumentException("unexpected '" + c + "' in " + path);
      }
    }
    return new ColumnPath(steps);
  }

  private static int closing(String p, int open) {
    int depth = 0;
    char quote = 0;
    for (int i = open; i < p.length(); i++) {
      char c = p.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[') {
        depth++;
      } else if (c == ']' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unterminated [ in " + p);
  }

  private static Step bracket(String inner, String path) {
    if (inner.equals("*")) {
      return new Wildcard();
    }
    if (isQuoted(inner)) {
      return new Field(inner.substring(1, inner.length() - 1));
    }
    if (inner.startsWith("?(") && inner.endsWith(")")) {
      return filter(inner.substring(2, inner.length() - 1).strip(), path);
    }
    int colon = inner.indexOf(':');
    if (colon < 0) {
      return new Slice(Integer.parseInt(inner.strip()), null, true);
    }
    String a = inner.substring(0, colon).strip();
    String rest = inner.substring(colon + 1);
    int second = rest.indexOf(':');
    String b = (second < 0 ? rest : rest.substring(0, second)).strip();
    return new Slice(
        a.isEmpty() ? null : Integer.parseInt(a), b.isEmpty() ? null : Integer.parseInt(b), false);
  }

  private static Step filter(String expr, String path) {
    for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
      int at = operatorIndex(expr, op);
      if (at > 0) {
        String left = expr.substring(0, at).strip();
        String right = expr.substring(at + op.length()).strip();
        boolean quoted = isQuoted(right);
        return new Filter(
            relative(left, path),
            op,
            quoted ? right.substring(1, right.length() - 1) : right,
            quoted);
      }
    }
    return new Filter(relative(expr, path), "exists", null, false);
  }

  /** The operator's position outside quotes, or -1. */
  private static int operatorIndex(String expr, String op) {
    char quote = 0;
    for (int i = 0; i + op.length() <= expr.length(); i++) {
      char c = expr.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (expr.startsWith(op, i)) {
        return i;
      }
    }
    return -1;
  }

  private static ColumnPath relative(String left, String path) {
    if (!left.startsWith("@")) {
      throw new IllegalArgumentException("a filter must start with @: " + path);
    }
    return parse(left.substring(1));
  }

  private static boolean isQuoted(String s) {
    return s.length() >= 2
        && (s.charAt(0) == '\'' || s.charAt(0) == '"')
        && s.charAt(s.length() - 1) == s.charAt(0);
  }

  /** Every node the path reaches, in document order. */
  List<JsonNode> find(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        apply(step, n, next);
      }
      current = next;
    }
    return current;
  }

  /** The first node the path reaches, or null. */
  JsonNode first(JsonNode root) {
    List<JsonNode> all = find(root);
    return all.isEmpty() ? null : all.get(0);
  }

  private static void apply(Step step, JsonNode n, List<JsonNode> out) {
    switch (step) {
      case Field f -> {
        if (n.isObject() && n.has(f.name())) {
          out.add(n.get(f.name()));
        }
      }
      case Wildcard w -> {
        if (n.isContainerNode()) {
          n.elements().forEachRemaining(out::add);
        }
      }
      case Slice s -> {
        if (!n.isArray()) {
          return;
        }
        int size = n.size();
        int start = s.start() == null ? 0 : s.start() < 0 ? s.start() + size : s.start();
        if (s.single()) {
          if (start >= 0 && start < size) {
            out.add(n.get(start));
          }
          return;
        }
        int end = s.end() == null ? size : s.end() < 0 ? s.end() + size : Math.min(s.end(), size);
        for (int i = Math.max(start, 0); i < end; i++) {
          out.add(n.get(i));
        }
      }
      case Filter f -> {
        if (!n.isArray()) {
          return;
        }
        for (JsonNode item : n) {
          if (matches(f, item)) {
            out.add(item);
          }
        }
      }
    }
  }

  private static boolean matches(Filter f, JsonNode item) {
    JsonNode left = f.left().first(item);
    if (f.op().equals("exists")) {
      return left != null;
    }
    if (left == null) {
      return false;
    }
    int cmp;
    if (!f.quoted() && left.isNumber()) {
      try {
        cmp = left.decimalValue().compareTo(new BigDecimal(f.literal()));
      } catch (NumberFormatException e) {
        return false;
      }
    } else {
      cmp = text(left).compareTo(f.literal());
    }
    return switch (f.op()) {
      case "==" -> cmp == 0;
      case "!=" -> cmp != 0;
      case "<" -> cmp < 0;
      case "<=" -> cmp <= 0;
      case ">" -> cmp > 0;
      default -> cmp >= 0;
    };
  }

  /**
   * A value as kubectl's jsonpath prints it: strings as they are, numbers and booleans as Go prints
   * them, objects and arrays as Go's {@code json.Marshal} writes them (keys sorted).
   */
  static String text(JsonNode v) {
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isFloatingPointNumber()) {
      return GoFloat.format(v.doubleValue());
    }
    if (v.isContainerNode()) {
      StringBuilder sb = new StringBuilder();
      goJson(v, sb);
      return sb.toString();
    }
    return v.asText();
  }

  private static void goJson(JsonNode v, StringBuilder sb) {
    if (v.isObject()) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        sorted.put(e.getKey(), e.getValue());
      }
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        sb.append(GoJsonString.quote(e.getKey()));
        sb.append(':');
        goJson(e.getValue(), sb);
      }
      sb.append('}');
    } else if (v.isArray()) {
      sb.append('[');
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        goJson(v.get(i), sb);
      }
      sb.append(']');
    } else if (v.isTextual()) {
      sb.append(GoJsonString.quote(v.asText()));
    } else if (v.isFloatingPointNumber()) {
      sb.append(GoFloat.json(v.doubleValue()));
    } else {
      sb.append(v.isNull() ? "null" : v.asText());
    }
  }
}
