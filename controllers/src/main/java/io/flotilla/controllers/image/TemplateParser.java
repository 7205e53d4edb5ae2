package io.flotilla.controllers.image;

import io.flotilla.controllers.image.CommitTemplate.If;
import io.flotilla.controllers.image.CommitTemplate.Node;
import io.flotilla.controllers.image.CommitTemplate.Output;
import io.flotilla.controllers.image.CommitTemplate.Pipe;
import io.flotilla.controllers.image.CommitTemplate.Range;
import io.flotilla.controllers.image.CommitTemplate.SetVar;
import io.flotilla.controllers.image.CommitTemplate.TemplateException;
import io.flotilla.controllers.image.CommitTemplate.Text;
import io.flotilla.controllers.image.CommitTemplate.With;
import java.util.ArrayList;
import java.util.List;

/**
 * The parse half of {@link CommitTemplate}: text to nodes, with Go's text/template wording for what
 * it refuses (line numbers, unexpected actions, unknown functions).
 */
final class TemplateParser {
  private TemplateParser() {}

  static List<Node> parse(String text) throws TemplateException {
    List<Object> tokens = tokenize(text);
    Parser p = new Parser(tokens);
    List<Node> nodes = p.block(List.of());
    if (p.pos < tokens.size()) {
      Action a = (Action) tokens.get(p.pos);
      throw error(a.line, "unexpected {{" + a.body + "}}");
    }
    return nodes;
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

  static final List<String> FUNCTIONS = List.of("len", "lower", "upper", "trim", "quote", "join");

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

  static TemplateException error(int line, String what) {
    return new TemplateException("template: " + CommitTemplate.NAME + ":" + line + ": " + what);
  }
}
