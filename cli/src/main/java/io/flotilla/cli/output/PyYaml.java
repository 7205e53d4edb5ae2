package io.flotilla.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * YAML printed like az's {@code -o yaml}: PyYAML's {@code safe_dump(default_flow_style=False,
 * allow_unicode=True)} of a JSON tree — sorted keys, indentless lists under keys, PyYAML's choice
 * between plain, single- and double-quoted scalars, lines folded past column 80, and {@code ...}
 * after a scalar document. With colour, the ANSI codes of pygments' YAML lexer and terminal
 * formatter, as az's {@code -o yamlc} prints them on a terminal.
 */
final class PyYaml {
  private static final int BEST_WIDTH = 80;

  /** What a piece of output is, for colouring. */
  private enum Tok {
    TEXT,
    SPACE,
    BREAK,
    KEY,
    QUOTED,
    QUOTED_SPACE,
    DOCUMENT_END
  }

  private record Piece(Tok tok, String text) {}

  private final List<Piece> pieces = new ArrayList<>();
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;
  private boolean openEnded;
  private int indent = -1; // -1: PyYAML's None, before the root node

  private PyYaml() {}

  static String dump(JsonNode node) {
    return render(node, false);
  }

  static String dumpColored(JsonNode node) {
    return render(node, true);
  }

  private static String render(JsonNode node, boolean color) {
    PyYaml y = new PyYaml();
    y.document(node);
    StringBuilder out = new StringBuilder();
    for (Piece p : y.pieces) {
      if (!color) {
        out.append(p.text());
        continue;
      }
      switch (p.tok()) {
        case TEXT -> out.append(p.text());
        case SPACE -> Ansi.gray(out, p.text());
        case BREAK -> Ansi.gray(out, "").append('\n');
        case KEY -> Ansi.wrap(out, Ansi.BRIGHT_BLUE, p.text());
        case QUOTED -> Ansi.wrap(out, Ansi.YELLOW, p.text());
        case QUOTED_SPACE -> Ansi.wrap(out, Ansi.RED, p.text());
        case DOCUMENT_END -> Ansi.wrap(out, Ansi.UNDERLINE_CYAN, p.text());
      }
    }
    return out.toString();
  }

  private void document(JsonNode node) {
    if (node.isContainerNode() && !node.isEmpty()) {
      indent = 0;
      if (node.isObject()) blockMapping(node);
      else blockSequence(node);
      indent = -1;
    } else {
      scalarOrEmpty(node, false, true);
    }
    writeIndent();
    if (openEnded) {
      writeIndicator("...", Tok.DOCUMENT_END, true, false, false);
      writeIndent();
    }
  }

  private void blockMapping(JsonNode map) {
    List<String> keys = new ArrayList<>();
    map.fieldNames().forEachRemaining(keys::add);
    Collections.sort(keys);
    for (String key : keys) {
      writeIndent();
      int saved = indent;
      indent = indent + 2;
      scalar(key, true, false, true);
      indent = saved;
      writeIndicator(":", Tok.TEXT, false, false, false);
      value(map.get(key), true);
    }
  }

  private void blockSequence(JsonNode list) {
    for (JsonNode item : list) {
      writeIndent();
      writeIndicator("-", Tok.TEXT, true, false, true);
      value(item, false);
    }
  }

  /** A node below a key ({@code inMapping}) or a dash, with PyYAML's indentation rules. */
  private void value(JsonNode node, boolean inMapping) {
    int saved = indent;
    if (node.isContainerNode() && !node.isEmpty()) {
      boolean indentless = inMapping && node.isArray() && !indention;
      if (!indentless) indent = indent + 2;
      if (node.isObject()) blockMapping(node);
      else blockSequence(node);
    } else {
      indent = indent + 2;
      scalarOrEmpty(node, false, false);
    }
    indent = saved;
  }

  private void scalarOrEmpty(JsonNode node, boolean simpleKey, boolean root) {
    if (root) indent = 2;
    if (node.isObject()) {
      writeIndicator("{", Tok.TEXT, true, true, false);
      writeIndicator("}", Tok.TEXT, false, false, false);
    } else if (node.isArray()) {
      writeIndicator("[", Tok.TEXT, true, true, false);
      writeIndicator("]", Tok.TEXT, false, false, false);
    } else if (node.isNull() || node.isMissingNode()) {
      writePlain("null", root, !simpleKey);
    } else if (node.isBoolean()) {
      writePlain(node.asBoolean() ? "true" : "false", root, !simpleKey);
    } else if (node.isIntegralNumber()) {
      writePlain(node.asText(), root, !simpleKey);
    } else if (node.isNumber()) {
      writePlain(PyJson.floatRepr(node.asDouble(), true), root, !simpleKey);
    } else {
      scalar(node.asText(), simpleKey, root, false);
    }
    if (root) indent = -1;
  }

  private void scalar(String text, boolean simpleKey, boolean root, boolean key) {
    ScalarAnalysis a = ScalarAnalysis.of(text);
    boolean implicit = !ScalarAnalysis.resolvesToAnotherType(text);
    boolean multiline = a.lineBreaks();
    if (implicit && !(simpleKey && (text.isEmpty() || multiline)) && a.allowBlockPlain()) {
      if (key) {
        writeKey(text);
      } else {
        writePlain(text, root, !simpleKey);
      }
    } else if (a.allowSingleQuoted() && !(simpleKey && multiline)) {
      writeSingleQuoted(text, !simpleKey);
    } else {
      writeDoubleQuoted(text, !simpleKey);
    }
  }

  private void writeKey(String text) {
    if (!whitespace) put(Tok.SPACE, " ");
    whitespace = false;
    indention = false;
    put(Tok.KEY, text);
  }

  private void writePlain(String text, boolean root, boolean split) {
    if (root) openEnded = true;
    if (text.isEmpty()) return;
    if (!whitespace) put(Tok.SPACE, " ");
    whitespace = false;
    indention = false;
    boolean spaces = false;
    int start = 0;
    for (int end = 0; end <= text.length(); end++) {
      char ch = end < text.length() ? text.charAt(end) : 0;
      boolean atEnd = end == text.length();
      if (spaces) {
        if (atEnd || ch != ' ') {
          if (start + 1 == end && column > BEST_WIDTH && split) {
            writeIndent();
            whitespace = false;
            indention = false;
          } else {
            put(Tok.TEXT, text.substring(start, end));
          }
          start = end;
        }
      } else if (atEnd || ch == ' ') {
        put(Tok.TEXT, text.substring(start, end));
        start = end;
      }
      if (!atEnd) spaces = ch == ' ';
    }
  }

  private void writeSingleQuoted(String text, boolean split) {
    writeIndicator("'", Tok.QUOTED, true, false, false);
    boolean spaces = false;
    boolean breaks = false;
    int start = 0;
    for (int end = 0; end <= text.length(); end++) {
      boolean atEnd = end == text.length();
      char ch = atEnd ? 0 : text.charAt(end);
      if (spaces) {
        if (atEnd || ch != ' ') {
          if (start + 1 == end
              && column > BEST_WIDTH
              && split
              && start != 0
              && end != text.length()) {
            writeIndent();
          } else {
            put(Tok.QUOTED_SPACE, text.substring(start, end));
          }
          start = end;
        }
      } else if (breaks) {
        if (atEnd || ch != '\n') {
          if (text.charAt(start) == '\n') writeLineBreak();
          for (int i = start; i < end; i++) writeLineBreak();
          writeIndent();
          start = end;
        }
      } else if (atEnd || ch == ' ' || ch == '\n' || ch == '\'') {
        if (start < end) {
          put(Tok.QUOTED, text.substring(start, end));
          start = end;
        }
      }
      if (ch == '\'' && !atEnd) {
        put(Tok.QUOTED, "''");
        start = end + 1;
      }
      if (!atEnd) {
        spaces = ch == ' ';
        breaks = ch == '\n';
      }
    }
    writeIndicator("'", Tok.QUOTED, false, false, false);
  }

  private void writeDoubleQuoted(String text, boolean split) {
    writeIndicator("\"", Tok.QUOTED, true, false, false);
    int start = 0;
    for (int end = 0; end <= text.length(); end++) {
      boolean atEnd = end == text.length();
      char ch = atEnd ? 0 : text.charAt(end);
      if (atEnd
          || ch == '"'
          || ch == '\\'
          || ch == '\u0085'
          || ch == '\u2028'
          || ch == '\u2029'
          || ch == '\uFEFF'
          || !printable(ch)) {
        if (start < end) {
          quotedText(text.substring(start, end));
          start = end;
        }
        if (!atEnd) {
          put(Tok.QUOTED, escape(ch));
          start = end + 1;
        }
      }
      if (end > 0
          && end < text.length() - 1
          && (ch == ' ' || start >= end)
          && column + (end - start) > BEST_WIDTH
          && split) {
        String data = text.substring(start, end) + "\\";
        if (start < end) start = end;
        quotedText(data);
        writeIndent();
        whitespace = false;
        indention = false;
        if (text.charAt(start) == ' ') put(Tok.QUOTED, "\\");
      }
    }
    writeIndicator("\"", Tok.QUOTED, false, false, false);
  }

  /** Words of a quoted scalar in yellow, its spaces in red, as pygments tokenises them. */
  private void quotedText(String s) {
    int i = 0;
    while (i < s.length()) {
      boolean space = s.charAt(i) == ' ';
      int j = i;
      while (j < s.length() && (s.charAt(j) == ' ') == space) j++;
      put(space ? Tok.QUOTED_SPACE : Tok.QUOTED, s.substring(i, j));
      i = j;
    }
  }

  private static boolean printable(char ch) {
    return (ch >= 0x20 && ch <= 0x7E)
        || (ch >= 0xA0 && ch <= 0xD7FF)
        || (ch >= 0xE000 && ch <= 0xFFFD)
        || Character.isSurrogate(ch);
  }

  private static String escape(char ch) {
    return switch (ch) {
      case '\0' -> "\\0";
      case 0x07 -> "\\a";
      case '\b' -> "\\b";
      case '\t' -> "\\t";
      case '\n' -> "\\n";
      case 0x0B -> "\\v";
      case '\f' -> "\\f";
      case '\r' -> "\\r";
      case 0x1B -> "\\e";
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\u0085' -> "\\N";
      case '\u00A0' -> "\\_";
      case '\u2028' -> "\\L";
      case '\u2029' -> "\\P";
      default ->
          ch <= 0xFF ? String.format("\\x%02X", (int) ch) : String.format("\\u%04X", (int) ch);
    };
  }

  private void writeIndicator(
      String indicator, Tok tok, boolean needWhitespace, boolean ws, boolean indentionAfter) {
    if (!whitespace && needWhitespace) put(Tok.SPACE, " ");
    put(tok, indicator);
    whitespace = ws;
    indention = indention && indentionAfter;
    openEnded = false;
  }

  private void writeIndent() {
    int ind = Math.max(indent, 0);
    if (!indention || column > ind || (column == ind && !whitespace)) writeLineBreak();
    if (column < ind) {
      whitespace = true;
      put(Tok.SPACE, " ".repeat(ind - column));
    }
  }

  private void writeLineBreak() {
    whitespace = true;
    indention = true;
    pieces.add(new Piece(Tok.BREAK, "\n"));
    column = 0;
  }

  private void put(Tok tok, String text) {
    if (text.isEmpty()) return;
    pieces.add(new Piece(tok, text));
    column += text.length();
  }
}
