package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a JSON-shaped tree exactly as kustomize prints it. kustomize turns every resource into
 * JSON and then into YAML with go-yaml v2 (sigs.k8s.io/yaml), so the layout rules are that
 * library's: keys sorted with its natural order, strings quoted only when YAML 1.1 would read them
 * as something else, multi-line strings as literal blocks, lines folded past column 80, sequences
 * inside mappings not indented.
 */
final class GoYamlEmitter {
  private static final int BEST_WIDTH = 80;
  private static final Set<String> YAML11_SPECIAL =
      Set.of(
          "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No",
          "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off",
          "OFF", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
          "-.Inf", "-.INF", "<<");
  private static final Pattern FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern BASE60 =
      Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
              + "(([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2}))"
              + "|( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?))?$");

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
    for (String key : sortedKeys(o)) {
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
      plainValue(number(v.doubleValue()));
    } else {
      string(v.asText(), indent, key);
    }
  }

  private void plainValue(String s) {
    indicator(s);
  }

  // ---- numbers

  /**
   * A float as it comes out of JSON and back: integral values below 2^64 read as integers, others
   * as Go's {@code strconv.FormatFloat(f, 'g', -1, 64)}.
   */
  static String number(double d) {
    if (Double.isNaN(d)) return ".nan";
    if (Double.isInfinite(d)) return d > 0 ? ".inf" : "-.inf";
    BigDecimal bd = new BigDecimal(Double.toString(d));
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      BigInteger bi = bd.toBigIntegerExact();
      if (bi.bitLength() <= 64) {
        return bi.toString();
      }
    }
    if (d == 0) return "0";
    bd = bd.stripTrailingZeros();
    String digits = bd.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - bd.scale();
    String sign = d < 0 ? "-" : "";
    if (exp < -4 || exp >= 21) {
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = String.valueOf(Math.abs(exp));
      if (e.length() < 2) e = "0" + e;
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + e;
    }
    return sign + bd.abs().toPlainString();
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
    } else if (resolvesToString(s)) {
      style = Style.PLAIN;
    } else {
      style = Style.DOUBLE;
    }
    Analysis a = analyze(s);
    if (key && a.multiline) {
      style = Style.DOUBLE;
    }
    if (style == Style.PLAIN) {
      if (!a.blockPlainAllowed || (s.isEmpty() && key)) {
        style = Style.SINGLE;
      }
    }
    if (style == Style.SINGLE && !a.singleQuotedAllowed) {
      style = Style.DOUBLE;
    }
    if (style == Style.LITERAL && (!a.blockAllowed || key)) {
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

  /** go-yaml v2's {@code resolve} for an untagged plain scalar yields {@code !!str}. */
  static boolean resolvesToString(String s) {
    if (YAML11_SPECIAL.contains(s)) {
      return false;
    }
    char c = s.charAt(0);
    if (c == '.') {
      return !isGoFloat(s);
    }
    if (c == '+' || c == '-' || (c >= '0' && c <= '9')) {
      if (TIMESTAMP.matcher(s).matches()) return false;
      String plain = s.replace("_", "");
      if (isGoInt(plain)) return false;
      if (FLOAT.matcher(plain).matches()) return false;
      if (plain.startsWith("0b") || plain.startsWith("-0b")) {
        String digits = plain.substring(plain.indexOf('b') + 1);
        if (!digits.isEmpty() && digits.chars().allMatch(ch -> ch == '0' || ch == '1')) {
          return false;
        }
      }
      return !BASE60.matcher(s).matches();
    }
    return true;
  }

  private static boolean isGoFloat(String s) {
    try {
      Double.parseDouble(s);
      return !s.endsWith("d") && !s.endsWith("D") && !s.endsWith("f") && !s.endsWith("F");
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** {@code strconv.ParseInt/ParseUint(s, 0, 64)} succeeds. */
  private static boolean isGoInt(String s) {
    String t = s;
    boolean neg = false;
    if (t.startsWith("+") || t.startsWith("-")) {
      neg = t.startsWith("-");
      t = t.substring(1);
    }
    if (t.isEmpty()) return false;
    int radix = 10;
    if (t.length() > 1 && t.charAt(0) == '0') {
      char p = Character.toLowerCase(t.charAt(1));
      if (p == 'x') {
        radix = 16;
        t = t.substring(2);
      } else if (p == 'o') {
        radix = 8;
        t = t.substring(2);
      } else if (p == 'b') {
        radix = 2;
        t = t.substring(2);
      } else {
        radix = 8;
        t = t.substring(1);
      }
    }
    if (t.isEmpty()) return false;
    try {
      BigInteger v = new BigInteger(t, radix);
      if (neg) v = v.negate();
      return v.bitLength() <= 63 || (!neg && v.signum() >= 0 && v.bitLength() <= 64);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private record Analysis(
      boolean multiline,
      boolean blockPlainAllowed,
      boolean singleQuotedAllowed,
      boolean blockAllowed) {}

  private static boolean isPrintable(int cp) {
    return cp == 0x0A
        || (cp >= 0x20 && cp <= 0x7E)
        || (cp >= 0xA0 && cp <= 0xD7FF)
        // go-yaml's check never accepts a four-byte UTF-8 sequence, so those are escaped
        || (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF);
  }

  private static boolean isBreak(int cp) {
    return cp == '\r' || cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
  }

  private static boolean isBlank(int cp) {
    return cp == ' ' || cp == '\t' || isBreak(cp);
  }

  private static Analysis analyze(String s) {
    if (s.isEmpty()) {
      return new Analysis(false, true, true, false);
    }
    int[] cps = s.codePoints().toArray();
    boolean blockIndicators = s.startsWith("---") || s.startsWith("...");
    boolean lineBreaks = false;
    boolean special = false;
    boolean leadingSpace = false;
    boolean leadingBreak = false;
    boolean trailingSpace = false;
    boolean trailingBreak = false;
    boolean breakSpace = false;
    boolean spaceBreak = false;
    boolean precededByWhitespace = true;
    boolean previousSpace = false;
    boolean previousBreak = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      boolean followedByWhitespace = i + 1 >= cps.length || isBlank(cps[i + 1]);
      if (i == 0) {
        switch (c) {
          case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' ->
              blockIndicators = true;
          case '?', ':' -> {
            if (followedByWhitespace) blockIndicators = true;
          }
          case '-' -> {
            if (followedByWhitespace) blockIndicators = true;
          }
          default -> {}
        }
      } else {
        if (c == ':' && followedByWhitespace) blockIndicators = true;
        if (c == '#' && precededByWhitespace) blockIndicators = true;
      }
      if (!isPrintable(c)) {
        special = true;
      }
      if (c == ' ') {
        if (i == 0) leadingSpace = true;
        if (i == cps.length - 1) trailingSpace = true;
        if (previousBreak) breakSpace = true;
        previousSpace = true;
        previousBreak = false;
      } else if (isBreak(c)) {
        lineBreaks = true;
        if (i == 0) leadingBreak = true;
        if (i == cps.length - 1) trailingBreak = true;
        if (previousSpace) spaceBreak = true;
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      precededByWhitespace = isBlank(c);
    }
    boolean blockPlain = true;
    boolean single = true;
    boolean block = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
    if (trailingSpace) block = false;
    if (breakSpace) {
      blockPlain = false;
      single = false;
    }
    if (spaceBreak || special) {
      blockPlain = false;
      single = false;
      block = false;
    }
    if (lineBreaks) blockPlain = false;
    if (blockIndicators) blockPlain = false;
    return new Analysis(lineBreaks, blockPlain, single, block);
  }

  private void writePlain(String s, int indent, boolean allowBreaks) {
    if (!s.isEmpty() && !whitespace) {
      put(" ");
    }
    int[] cps = s.codePoints().toArray();
    boolean spaces = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == ' ') {
        if (allowBreaks
            && !spaces
            && column > BEST_WIDTH
            && !(i + 1 < cps.length && cps[i + 1] == ' ')) {
          newLine(indent);
        } else {
          putCodePoint(c);
        }
        spaces = true;
      } else {
        putCodePoint(c);
        spaces = false;
      }
    }
  }

  private void writeSingle(String s, int indent, boolean allowBreaks) {
    indicator("'");
    int[] cps = s.codePoints().toArray();
    boolean spaces = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == ' ') {
        if (allowBreaks
            && !spaces
            && column > BEST_WIDTH
            && i > 0
            && i < cps.length - 1
            && cps[i + 1] != ' ') {
          newLine(indent);
        } else {
          putCodePoint(c);
        }
        spaces = true;
      } else {
        if (c == '\'') {
          putCodePoint('\'');
        }
        putCodePoint(c);
        spaces = false;
      }
    }
    put("'");
  }

  private void writeDouble(String s, int indent, boolean allowBreaks) {
    indicator("\"");
    int[] cps = s.codePoints().toArray();
    boolean spaces = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (!isPrintable(c) || c == 0xFEFF || isBreak(c) || c == '"' || c == '\\') {
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
    if (cps[0] == ' ' || isBreak(cps[0])) {
      put("2");
    }
    int last = cps.length - 1;
    if (!isBreak(cps[last])) {
      put("-");
    } else if (last == 0 || isBreak(cps[last - 1])) {
      put("+");
    }
    // go-yaml v2 always ends the header line, so a leading line break shows as a blank line
    out.append('\n');
    column = 0;
    boolean breaks = true;
    for (int c : cps) {
      if (isBreak(c)) {
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

  // ---- key order

  private static List<String> sortedKeys(ObjectNode o) {
    List<String> keys = new ArrayList<>(o.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      keys.add(it.next().getKey());
    }
    keys.sort(GoYamlEmitter::compareKeys);
    return keys;
  }

  /** go-yaml v2's key order: letters after other characters, digit runs compared as numbers. */
  static int compareKeys(String a, String b) {
    if (a.equals(b)) return 0;
    return less(a, b) ? -1 : 1;
  }

  private static boolean less(String as, String bs) {
    int[] a = as.codePoints().toArray();
    int[] b = bs.codePoints().toArray();
    for (int i = 0; i < a.length && i < b.length; i++) {
      if (a[i] == b[i]) continue;
      boolean al = Character.isLetter(a[i]);
      boolean bl = Character.isLetter(b[i]);
      if (al && bl) return a[i] < b[i];
      if (al || bl) return bl;
      long an = 0;
      long bn = 0;
      if (a[i] == '0' || b[i] == '0') {
        for (int j = i - 1; j >= 0 && Character.isDigit(a[j]); j--) {
          if (a[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      for (; ai < a.length && Character.isDigit(a[ai]); ai++) an = an * 10 + (a[ai] - '0');
      int bi = i;
      for (; bi < b.length && Character.isDigit(b[bi]); bi++) bn = bn * 10 + (b[bi] - '0');
      if (an != bn) return an < bn;
      if (ai != bi) return ai < bi;
      return a[i] < b[i];
    }
    return a.length < b.length;
  }
}
