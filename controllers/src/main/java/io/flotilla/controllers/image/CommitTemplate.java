package io.flotilla.controllers.image;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The commit message of {@code spec.git.commit.messageTemplate}: the part of Go's text/template
 * that commit templates use — fields ({@code .Changed.FileChanges}, {@code $change.NewValue}),
 * variables, {@code range} (with key and value, over maps in sorted key order), {@code if}/{@code
 * else}, {@code with}, comments, the {@code {{-}}/{@code -}}} trim markers, pipelines and the
 * functions {@code len}, {@code lower}, {@code upper}, {@code trim}, {@code quote} and {@code
 * join}. Anything else is refused at parse time with Go's wording, never rendered half.
 */
final class CommitTemplate {
  static final String NAME = "commit message";
  private final List<Node> nodes;

  private CommitTemplate(List<Node> nodes) {
    this.nodes = nodes;
  }

  /** A struct value: its Go type name for messages, its fields, and how it prints. */
  record Struct(String type, Map<String, Object> fields, String printed) {}

  static final class TemplateException extends Exception {
    TemplateException(String message) {
      super(message);
    }
  }

  // --- parse ---

  sealed interface Node {}

  record Text(String text) implements Node {}

  record Output(Pipe pipe) implements Node {}

  record If(Pipe cond, List<Node> then, List<Node> otherwise) implements Node {}

  record With(Pipe value, List<Node> then, List<Node> otherwise) implements Node {}

  record Range(String keyVar, String valueVar, Pipe over, List<Node> body, List<Node> otherwise)
      implements Node {}

  record SetVar(String name, Pipe value) implements Node {}

  /** Commands joined by {@code |}; each command is an operand or a function with arguments. */
  record Pipe(List<List<String>> commands, int line) {}

  static CommitTemplate parse(String text) throws TemplateException {
    return new CommitTemplate(TemplateParser.parse(text));
  }

  // --- execute ---

  /** Whether the template reads {@code field} of the top-level data, e.g. {@code Updated}. */
  boolean readsTopLevel(String field) {
    return reads(nodes, field);
  }

  private static boolean reads(List<Node> nodes, String field) {
    for (Node n : nodes) {
      List<Pipe> pipes = new ArrayList<>();
      List<List<Node>> children = new ArrayList<>();
      switch (n) {
        case Text t -> {}
        case Output o -> pipes.add(o.pipe());
        case SetVar v -> pipes.add(v.value());
        case If i -> {
          pipes.add(i.cond());
          children.add(i.then());
          children.add(i.otherwise());
        }
        case With w -> {
          pipes.add(w.value());
          children.add(w.then());
          children.add(w.otherwise());
        }
        case Range r -> {
          pipes.add(r.over());
          children.add(r.body());
          children.add(r.otherwise());
        }
      }
      for (Pipe p : pipes) {
        for (List<String> cmd : p.commands()) {
          for (String w : cmd) {
            if (w.equals("." + field)
                || w.startsWith("." + field + ".")
                || w.equals("$." + field)
                || w.startsWith("$." + field + ".")) {
              return true;
            }
          }
        }
      }
      for (List<Node> c : children) {
        if (reads(c, field)) return true;
      }
    }
    return false;
  }

  String render(Object data) throws TemplateException {
    StringBuilder out = new StringBuilder();
    Map<String, Object> vars = new HashMap<>();
    vars.put("$", data);
    run(nodes, data, vars, out);
    return out.toString();
  }

  private void run(List<Node> list, Object dot, Map<String, Object> vars, StringBuilder out)
      throws TemplateException {
    for (Node n : list) {
      switch (n) {
        case Text t -> out.append(t.text());
        case Output o -> out.append(print(eval(o.pipe(), dot, vars)));
        case SetVar v -> vars.put(v.name(), eval(v.value(), dot, vars));
        case If i ->
            run(truthy(eval(i.cond(), dot, vars)) ? i.then() : i.otherwise(), dot, vars, out);
        case With w -> {
          Object v = eval(w.value(), dot, vars);
          if (truthy(v)) run(w.then(), v, new HashMap<>(vars), out);
          else run(w.otherwise(), dot, vars, out);
        }
        case Range r -> range(r, dot, vars, out);
      }
    }
  }

  private void range(Range r, Object dot, Map<String, Object> vars, StringBuilder out)
      throws TemplateException {
    Object over = eval(r.over(), dot, vars);
    List<Object[]> items = new ArrayList<>();
    if (over instanceof Map<?, ?> m) {
      Map<?, ?> ordered =
          m.keySet().stream().allMatch(k -> k instanceof String) ? new TreeMap<>(m) : m;
      ordered.forEach((k, v) -> items.add(new Object[] {k, v}));
    } else if (over instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) items.add(new Object[] {i, l.get(i)});
    } else if (over != null) {
      throw new TemplateException(
          "template: "
              + NAME
              + ":"
              + r.over().line()
              + ": range can't iterate over "
              + print(over));
    }
    if (items.isEmpty()) {
      run(r.otherwise(), dot, vars, out);
      return;
    }
    for (Object[] kv : items) {
      Map<String, Object> scope = new HashMap<>(vars);
      if (r.keyVar() != null) scope.put(r.keyVar(), kv[0]);
      if (r.valueVar() != null) scope.put(r.valueVar(), kv[1]);
      run(r.body(), kv[1], scope, out);
    }
  }

  private Object eval(Pipe p, Object dot, Map<String, Object> vars) throws TemplateException {
    Object piped = null;
    boolean first = true;
    for (List<String> cmd : p.commands()) {
      String head = cmd.get(0);
      if (TemplateParser.FUNCTIONS.contains(head)) {
        List<Object> args = new ArrayList<>();
        for (String w : cmd.subList(1, cmd.size())) args.add(operand(w, dot, vars, p.line()));
        if (!first) args.add(piped);
        piped = call(head, args, p.line());
      } else {
        if (!first) {
          throw TemplateParser.error(p.line(), "can't give argument to non-function " + head);
        }
        piped = operand(head, dot, vars, p.line());
      }
      first = false;
    }
    return piped;
  }

  private Object operand(String w, Object dot, Map<String, Object> vars, int line)
      throws TemplateException {
    if (w.startsWith("\"")) {
      return w.substring(1, w.length() - 1)
          .replace("\\n", "\n")
          .replace("\\\"", "\"")
          .replace("\\\\", "\\");
    }
    Object base;
    String path;
    if (w.startsWith("$")) {
      int dotAt = w.indexOf('.');
      String name = dotAt < 0 ? w : w.substring(0, dotAt);
      if (!vars.containsKey(name))
        throw TemplateParser.error(line, "undefined variable \"" + name + "\"");
      base = vars.get(name);
      path = dotAt < 0 ? "" : w.substring(dotAt + 1);
    } else if (w.startsWith(".")) {
      base = dot;
      path = w.substring(1);
    } else {
      throw TemplateParser.error(line, "function \"" + w + "\" not defined");
    }
    Object v = base;
    if (path.isEmpty()) return v;
    for (String field : path.split("\\.")) {
      if (v instanceof Struct s) {
        if (!s.fields().containsKey(field)) {
          throw TemplateParser.error(
              line, "can't evaluate field " + field + " in type " + s.type());
        }
        v = s.fields().get(field);
      } else if (v instanceof Map<?, ?> m) {
        v = m.get(field);
      } else if (v == null) {
        return null;
      } else {
        throw TemplateParser.error(line, "can't evaluate field " + field + " in type " + typeOf(v));
      }
    }
    return v;
  }

  private static Object call(String fn, List<Object> args, int line) throws TemplateException {
    switch (fn) {
      case "len" -> {
        if (args.size() != 1)
          throw TemplateParser.error(
              line, "wrong number of args for len: want 1 got " + args.size());
        Object a = args.get(0);
        if (a instanceof String s) return s.length();
        if (a instanceof Map<?, ?> m) return m.size();
        if (a instanceof Collection<?> c) return c.size();
        throw TemplateParser.error(line, "len of " + typeOf(a));
      }
      case "join" -> {
        if (args.size() != 2)
          throw TemplateParser.error(
              line, "wrong number of args for join: want 2 got " + args.size());
        Object list = args.get(1);
        List<String> parts = new ArrayList<>();
        if (list instanceof Collection<?> c) for (Object o : c) parts.add(print(o));
        else parts.add(print(list));
        return String.join(print(args.get(0)), parts);
      }
      default -> {
        if (args.size() != 1)
          throw TemplateParser.error(
              line, "wrong number of args for " + fn + ": want 1 got " + args.size());
        String s = print(args.get(0));
        return switch (fn) {
          case "lower" -> s.toLowerCase(Locale.ROOT);
          case "upper" -> s.toUpperCase(Locale.ROOT);
          case "trim" -> s.strip();
          default -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        };
      }
    }
  }

  private static String typeOf(Object v) {
    if (v instanceof Struct s) return s.type();
    if (v instanceof String) return "string";
    if (v instanceof Map<?, ?>) return "map";
    if (v instanceof List<?>) return "slice";
    return v == null ? "nil" : v.getClass().getSimpleName();
  }

  private static boolean truthy(Object v) {
    if (v == null) return false;
    if (v instanceof Boolean b) return b;
    if (v instanceof String s) return !s.isEmpty();
    if (v instanceof Map<?, ?> m) return !m.isEmpty();
    if (v instanceof Collection<?> c) return !c.isEmpty();
    if (v instanceof Number n) return n.doubleValue() != 0;
    return true;
  }

  /** How Go's fmt prints a value with {@code %v}. */
  static String print(Object v) {
    if (v == null) return "<no value>";
    if (v instanceof Struct s) {
      if (s.printed() != null) return s.printed();
      List<String> parts = new ArrayList<>();
      for (Object f : s.fields().values()) parts.add(print(f));
      return "{" + String.join(" ", parts) + "}";
    }
    if (v instanceof Map<?, ?> m) {
      Map<?, ?> ordered =
          m.keySet().stream().allMatch(k -> k instanceof String) ? new TreeMap<>(m) : m;
      List<String> parts = new ArrayList<>();
      ordered.forEach((k, x) -> parts.add(print(k) + ":" + print(x)));
      return "map[" + String.join(" ", parts) + "]";
    }
    if (v instanceof Collection<?> c) {
      List<String> parts = new ArrayList<>();
      for (Object o : c) parts.add(print(o));
      return "[" + String.join(" ", parts) + "]";
    }
    return v.toString();
  }
}
