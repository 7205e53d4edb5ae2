package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a JSON-shaped tree exactly as kustomize prints it. kustomize turns every resource into
 * JSON and then into YAML with go-yaml v2 (sigs.k8s.io/yaml), so the layout rules are that
 * library's: keys sorted with its natural order, strings quoted only when YAML 1.1 would read them
 * as something else, multi-line strings as literal blocks, lines folded past column 80, sequences
 * inside mappings not indented.
 */
final class GoYamlEmitter {
  private static final int BEST_WIDTH = 80;
  private final StringBuilder out = new StringBuilder();
  private int column;
  private boolean whitespace = true;

  private GoYamlEmitter() {}

  /** One document, ending with a newline and without a {@code ---} marker. */
  static String write(JsonNode node) {
    GoYamlEmitter e = new GoYamlEmitter();
    e.node(node, 0, false);
    if (e.out.isEmpty() || e.out.charAt(e.out.length() - 1) != '\n') {
      e.out.append('\n');
    }
    return e.out.toString();
  }

  // ---- structure

  /**
   * Writes {@code n} at the current position. {@code indent} is the indent of the enclosing block;
   * {@code inline} means the caller already wrote a key or a dash on the current line.
   */
  private void node(JsonNode n, int indent, boolean inline) {
    if (n instanceof ObjectNode o && !o.isEmpty()) {
      mapping(o, indent, inline);
    } else if (n instanceof ArrayNode a && !a.isEmpty()) {
      sequence(a, indent, inline);
    } else {
      scalar(n, indent, false);
    }
  }

  private void mapping(ObjectNode o, int indent, boolean firstInline) {
    boolean first = true;
    for (String key : GoYamlKeys.sortedKeys(o)) {
      if (!(first && firstInline)) {
        newLine(indent);
      }
      first = false;
      string(key, indent, true);
      put(":");
      JsonNode v = o.get(key);
      if (v instanceof ObjectNode vo && !vo.isEmpty()) {
        mapping(vo, indent + 2, false);
      } else if (v instanceof ArrayNode va && !va.isEmpty()) {
        sequence(va, indent, false);
      } else {
        scalar(v, indent + 2, false);
      }
    }
  }

  private void sequence(ArrayNode a, int indent, boolean firstInline) {
    boolean first = true;
    for (JsonNode item : a) {
      if (!(first && firstInline)) {
        newLine(indent);
      }
      first = false;
      indicator("-");
      if (item instanceof ObjectNode io && !io.isEmpty()) {
        mapping(io, indent + 2, true);
      } else if (item instanceof ArrayNode ia && !ia.isEmpty()) {
        sequence(ia, indent + 2, true);
      } else {
        scalar(item, indent + 2, false);
      }
    }
  }

  private void newLine(int indent) {
    if (!out.isEmpty()) {
      out.append('\n');
    }
    column = 0;
    spaces(indent);
    whitespace = true;
  }

  /** Writes {@code s} after a separating space unless the line has only indentation so far. */
  private void indicator(String s) {
    if (!whitespace) {
      put(" ");
    }
    put(s);
  }

  private void spaces(int n) {
    for (int i = 0; i < n; i++) {
      out.append(' ');
    }
    column += n;
  }

  private void put(String s) {
    whitespace = false;
    out.append(s);
    column += s.codePointCount(0, s.length());
  }

  private void putCodePoint(int cp) {
    whitespace = false;
    out.appendCodePoint(cp);
    column++;
  }

  /** A scalar after a key's colon or a dash: a space, then the value. */
  private void scalar(JsonNode v, int indent, boolean key) {
    if (v == null || v.isNull()) {
      plainValue("null");
    } else if (v instanceof ObjectNode) {
      plainValue("{}");
    } else if (v instanceof ArrayNode) {
      plainValue("[]");
    } else if (v.isBoolean()) {
      plainValue(v.booleanValue() ? "true" : "false");
    } else if (v.isIntegralNumber()) {
      plainValue(v.bigIntegerValue().toString());
    } else if (v.isNumber()) {
      plainValue(GoYamlScalars.number(v.doubleValue()));
    } else {
      string(v.asText(), indent, key);
    }
  }

  private void plainValue(String s) {
    indicator(s);
  }

  // ---- strings

  private enum Style {
    PLAIN,
    SINGLE,
    DOUBLE,
    LITERAL
  }

  private void string(String s, int indent, boolean key) {
    Style style;
    if (s.contains("\n")) {
      style = Style.LITERAL;
    } else if (GoYamlScalars.resolvesToString(s)) {
      style = Style.PLAIN;
    } else {
      style = Style.DOUBLE;
    }
    GoYamlScalars.Analysis a = GoYamlScalars.analyze(s);
    if (key && a.multiline()) {
      style = Style.DOUBLE;
    }
    if (style == Style.PLAIN) {
      if (!a.blockPlainAllowed() || (s.isEmpty() && key)) {
        style = Style.SINGLE;
      }
    }
    if (style == Style.SINGLE && !a.singleQuotedAllowed()) {
      style = Style.DOUBLE;
    }
    if (style == Style.LITERAL && (!a.blockAllowed() || key)) {
      style = Style.DOUBLE;
    }
    boolean breaks = !key;
    switch (style) {
      case PLAIN -> writePlain(s, indent, breaks);
      case SINGLE -> writeSingle(s, indent, breaks);
      case DOUBLE -> writeDouble(s, indent, breaks);
      case LITERAL -> writeLiteral(s, indent);
    }
  }

  private void writePlain(String s, int indent, boolean allowBreaks) {
    if (!s.isEmpty() && !whitespace) {
      put(" ");
    }
    writeFolding(s, indent, allowBreaks, false);
  }

  private void writeSingle(String s, int indent, boolean allowBreaks) {
    indicator("'");
    writeFolding(s, indent, allowBreaks, true);
    put("'");
  }

  /**
   * Plain or single-quoted text (go-yaml's writePlain, writeSingleQuoted): a lone space past the
   * best width becomes a line break; quoted text never breaks at its first or last code point and
   * doubles its quotes.
   */
  private void writeFolding(String s, int indent, boolean allowBreaks, boolean quoted) {
    int[] cps = s.codePoints().toArray();
    boolean spaces = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == ' ') {
        boolean inside = !quoted || (i > 0 && i < cps.length - 1);
        if (allowBreaks
            && !spaces
            && column > BEST_WIDTH
            && inside
            && !(i + 1 < cps.length && cps[i + 1] == ' ')) {
          newLine(indent);
        } else {
          putCodePoint(c);
        }
        spaces = true;
      } else {
        if (quoted && c == '\'') {
          putCodePoint('\'');
        }
        putCodePoint(c);
        spaces = false;
      }
    }
  }

  private void writeDouble(String s, int indent, boolean allowBreaks) {
    indicator("\"");
    int[] cps = s.codePoints().toArray();
    boolean spaces = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (!GoYamlScalars.isPrintable(c)
          || c == 0xFEFF
          || GoYamlScalars.isBreak(c)
          || c == '"'
          || c == '\\') {
        put("\\");
        switch (c) {
          case 0x00 -> put("0");
          case 0x07 -> put("a");
          case 0x08 -> put("b");
          case 0x09 -> put("t");
          case 0x0A -> put("n");
          case 0x0B -> put("v");
          case 0x0C -> put("f");
          case 0x0D -> put("r");
          case 0x1B -> put("e");
          case 0x22 -> put("\"");
          case 0x5C -> put("\\");
          case 0x85 -> put("N");
          case 0xA0 -> put("_");
          case 0x2028 -> put("L");
          case 0x2029 -> put("P");
          default -> {
            if (c <= 0xFF) put("x" + hex(c, 2));
            else if (c <= 0xFFFF) put("u" + hex(c, 4));
            else put("U" + hex(c, 8));
          }
        }
        spaces = false;
      } else if (c == ' ') {
        if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < cps.length - 1) {
          newLine(indent);
          if (cps[i + 1] == ' ') {
            put("\\");
          }
        } else {
          putCodePoint(c);
        }
        spaces = true;
      } else {
        putCodePoint(c);
        spaces = false;
      }
    }
    put("\"");
  }

  private static String hex(int v, int width) {
    StringBuilder h = new StringBuilder(Integer.toHexString(v).toUpperCase());
    while (h.length() < width) h.insert(0, '0');
    return h.toString();
  }

  private void writeLiteral(String s, int indent) {
    indicator("|");
    int[] cps = s.codePoints().toArray();
    if (cps[0] == ' ' || GoYamlScalars.isBreak(cps[0])) {
      put("2");
    }
    int last = cps.length - 1;
    if (!GoYamlScalars.isBreak(cps[last])) {
      put("-");
    } else if (last == 0 || GoYamlScalars.isBreak(cps[last - 1])) {
      put("+");
    }
    // go-yaml v2 always ends the header line, so a leading line break shows as a blank line
    out.append('\n');
    column = 0;
    boolean breaks = true;
    for (int c : cps) {
      if (GoYamlScalars.isBreak(c)) {
        out.append('\n');
        column = 0;
        breaks = true;
      } else {
        if (breaks) {
          spaces(indent);
        }
        putCodePoint(c);
        breaks = false;
      }
    }
    // a final line break is the line end; the next node starts its own line
    if (out.charAt(out.length() - 1) == '\n') {
      out.setLength(out.length() - 1);
    }
  }
}
