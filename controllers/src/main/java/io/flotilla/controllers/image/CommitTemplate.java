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
    List<Object> tokens = tokenize(text);
    Parser p = new Parser(tokens);
    List<Node> nodes = p.block(List.of());
    if (p.pos < tokens.size()) {
      Action a = (Action) tokens.get(p.pos);
      throw error(a.line, "unexpected {{" + a.body + "}}");
    }
    return new CommitTemplate(nodes);
  }

  private record Action(String body, int line) {}

  private static List<Object> tokenize(String text) throws TemplateException {
    List<Object> out = new ArrayList<>();
    int i = 0;
    int line = 1;
    boolean trimNext = false;
    while (i < text.length()) {
      int open = text.indexOf("{{", i);
      String chunk = open < 0 ? text.substring(i) : text.substring(i, open);
      if (trimNext) {
        chunk = chunk.stripLeading();
      }
      boolean trimPrev =
          open >= 0
              && text.startsWith("{{-", open)
              && open + 3 < text.length()
              && Character.isWhitespace(text.charAt(open + 3));
      if (trimPrev) {
        chunk = chunk.stripTrailing();
      }
      if (!chunk.isEmpty()) {
        out.add(chunk);
      }
      line += count(text, i, open < 0 ? text.length() : open);
      if (open < 0) {
        break;
      }
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        throw error(line, "unclosed action");
      }
      String body = text.substring(open + (trimPrev ? 3 : 2), close);
      trimNext = body.endsWith(" -") || body.endsWith("\n-") || body.endsWith("\t-");
      if (trimNext) {
        body = body.substring(0, body.length() - 1);
      }
      out.add(new Action(body.strip(), line));
      line += count(text, open, close);
      i = close + 2;
    }
    return out;
  }

  private static int count(String s, int from, int to) {
    int n = 0;
    for (int k = from; k < to; k++) {
      if (s.charAt(k) == '\n') n++;
    }
    return n;
  }

  private static final class Parser {
    final List<Object> tokens;
    int pos;
    String stoppedAt;

    Parser(List<Object> tokens) {
      this.tokens = tokens;
    }

    /** Nodes up to one of {@code stops} (consumed, recorded in {@link #stoppedAt}). */
    List<Node> block(List<String> stops) throws TemplateException {
      List<Node> out = new ArrayList<>();
      while (pos < tokens.size()) {
        Object t = tokens.get(pos++);
        if (t instanceof String s) {
          out.add(new Text(s));
          continue;
        }
        Action a = (Action) t;
        String body = a.body;
        String word = body.split("\\s+", 2)[0];
        if (body.startsWith("/*")) {
          if (!body.endsWith("*/")) throw error(a.line, "unclosed comment");
          continue;
        }
        if (stops.contains(word) || (word.equals("else") && stops.contains("else"))) {
          stoppedAt = body;
          return out;
        }
        switch (word) {
          case "end", "else" -> throw error(a.line, "unexpected {{" + word + "}}");
          case "if" -> out.add(conditional(a, body.substring(2).strip()));
          case "with" -> {
            Pipe value = pipe(body.substring(4).strip(), a.line);
            List<Node> then = block(List.of("end", "else"));
            List<Node> otherwise = elseBranch(a);
            out.add(new With(value, then, otherwise));
          }
          case "range" -> out.add(range(a, body.substring(5).strip()));
          case "define", "template", "block", "break", "continue" ->
              throw error(a.line, "{{" + word + "}} is not supported in commit message templates");
          default -> {
            java.util.regex.Matcher m =
                java.util.regex.Pattern.compile(
                        "^(\\$\\w*)\\s*:?=\\s*(.+)$", java.util.regex.Pattern.DOTALL)
                    .matcher(body);
            if (m.matches()) {
              out.add(new SetVar(m.group(1), pipe(m.group(2), a.line)));
            } else {
              out.add(new Output(pipe(body, a.line)));
            }
          }
        }
      }
      if (!stops.isEmpty()) {
        throw error(lastLine(), "unexpected EOF");
      }
      return out;
    }

    private int lastLine() {
      for (int k = tokens.size() - 1; k >= 0; k--) {
        if (tokens.get(k) instanceof Action a) return a.line;
      }
      return 1;
    }

    private Node conditional(Action a, String cond) throws TemplateException {
      Pipe c = pipe(cond, a.line);
      List<Node> then = block(List.of("end", "else"));
      String stop = stoppedAt;
      if (stop.startsWith("else")) {
        String rest = stop.substring(4).strip();
        if (rest.startsWith("if ")) {
          return new If(c, then, List.of(conditional(a, rest.substring(3).strip())));
        }
        return new If(c, then, block(List.of("end")));
      }
      return new If(c, then, List.of());
    }

    private List<Node> elseBranch(Action a) throws TemplateException {
      if (stoppedAt.startsWith("else")) {
        if (!stoppedAt.strip().equals("else")) {
          throw error(a.line, "{{" + stoppedAt + "}} is not supported here");
        }
        return block(List.of("end"));
      }
      return List.of();
    }

    private Node range(Action a, String spec) throws TemplateException {
      String keyVar = null;
      String valueVar = null;
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("^(\\$\\w*)\\s*(?:,\\s*(\\$\\w*)\\s*)?:=\\s*(.+)$")
              .matcher(spec);
      String over = spec;
      if (m.matches()) {
        if (m.group(2) == null) {
          valueVar = m.group(1);
        } else {
          keyVar = m.group(1);
          valueVar = m.group(2);
        }
        over = m.group(3);
      }
      Pipe p = pipe(over, a.line);
      List<Node> body = block(List.of("end", "else"));
      List<Node> otherwise = elseBranch(a);
      return new Range(keyVar, valueVar, p, body, otherwise);
    }
  }

  private static Pipe pipe(String text, int line) throws TemplateException {
    List<List<String>> commands = new ArrayList<>();
    for (String part : splitOutsideQuotes(text, '|')) {
      List<String> words = words(part.strip(), line);
      if (words.isEmpty()) {
        throw error(line, "missing value for command");
      }
      String head = words.get(0);
      boolean function = !head.startsWith(".") && !head.startsWith("$") && !head.startsWith("\"");
      if (function && !FUNCTIONS.contains(head)) {
        throw error(line, "function \"" + head + "\" not defined");
      }
      if (!function && words.size() > 1) {
        throw error(line, "can't give argument to non-function " + head);
      }
      commands.add(words);
    }
    return new Pipe(commands, line);
  }

  private static final List<String> FUNCTIONS =
      List.of("len", "lower", "upper", "trim", "quote", "join");

  private static List<String> splitOutsideQuotes(String s, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) quoted = !quoted;
      if (c == sep && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static List<String> words(String s, int line) throws TemplateException {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '"') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        if (j >= s.length()) throw error(line, "unterminated quoted string");
        out.add(s.substring(i, j + 1));
        i = j + 1;
      } else {
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j))) j++;
        String w = s.substring(i, j);
        if (w.startsWith("(")) throw error(line, "parenthesized pipelines are not supported");
        out.add(w);
        i = j;
      }
    }
    return out;
  }

  private static TemplateException error(int line, String what) {
    return new TemplateException("template: " + NAME + ":" + line + ": " + what);
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
      if (FUNCTIONS.contains(head)) {
        List<Object> args = new ArrayList<>();
        for (String w : cmd.subList(1, cmd.size())) args.add(operand(w, dot, vars, p.line()));
        if (!first) args.add(piped);
        piped = call(head, args, p.line());
      } else {
        if (!first) {
          throw error(p.line(), "can't give argument to non-function " + head);
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
      if (!vars.containsKey(name)) throw error(line, "undefined variable \"" + name + "\"");
      base = vars.get(name);
      path = dotAt < 0 ? "" : w.substring(dotAt + 1);
    } else if (w.startsWith(".")) {
      base = dot;
      path = w.substring(1);
    } else {
      throw error(line, "function \"" + w + "\" not defined");
    }
    Object v = base;
    if (path.isEmpty()) return v;
    for (String field : path.split("\\.")) {
      if (v instanceof Struct s) {
        if (!s.fields().containsKey(field)) {
          throw error(line, "can't evaluate field " + field + " in type " + s.type());
        }
        v = s.fields().get(field);
      } else if (v instanceof Map<?, ?> m) {
        v = m.get(field);
      } else if (v == null) {
        return null;
      } else {
        throw error(line, "can't evaluate field " + field + " in type " + typeOf(v));
      }
    }
    return v;
  }

  private static Object call(String fn, List<Object> args, int line) throws TemplateException {
    switch (fn) {
      case "len" -> {
        if (args.size() != 1)
          throw error(line, "wrong number of args for len: want 1 got " + args.size());
        Object a = args.get(0);
        if (a instanceof String s) return s.length();
        if (a instanceof Map<?, ?> m) return m.size();
        if (a instanceof Collection<?> c) return c.size();
        throw error(line, "len of " + typeOf(a));
      }
      case "join" -> {
        if (args.size() != 2)
          throw error(line, "wrong number of args for join: want 2 got " + args.size());
        Object list = args.get(1);
        List<String> parts = new ArrayList<>();
        if (list instanceof Collection<?> c) for (Object o : c) parts.add(print(o));
        else parts.add(print(list));
        return String.join(print(args.get(0)), parts);
      }
      default -> {
        if (args.size() != 1)
          throw error(line, "wrong number of args for " + fn + ": want 1 got " + args.size());
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
