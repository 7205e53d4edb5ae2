package io.flotilla.kustomize;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What go-yaml v2 decides about a scalar before writing it: whether a plain string would read back
 * as something else under YAML 1.1 (so it needs quotes), which styles can hold its characters, and
 * how a JSON float prints. Numbers are read as {@link ScalarResolver} reads them.
 */
final class GoYamlScalars {
  private static final Set<String> YAML11_SPECIAL =
      Set.of(
          "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No",
          "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off",
          "OFF", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
          "-.Inf", "-.INF", "<<");
  private static final Pattern BASE60 =
      Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
              + "(([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2}))"
              + "|( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?))?$");

  private GoYamlScalars() {}

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
      if (ScalarResolver.goInt(plain) != null) return false;
      if (ScalarResolver.FLOAT.matcher(plain).matches()) return false;
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

  record Analysis(
      boolean multiline,
      boolean blockPlainAllowed,
      boolean singleQuotedAllowed,
      boolean blockAllowed) {}

  static boolean isPrintable(int cp) {
    return cp == 0x0A
        || (cp >= 0x20 && cp <= 0x7E)
        || (cp >= 0xA0 && cp <= 0xD7FF)
        // go-yaml's check never accepts a four-byte UTF-8 sequence, so those are escaped
        || (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF);
  }

  static boolean isBreak(int cp) {
    return cp == '\r' || cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
  }

  private static boolean isBlank(int cp) {
    return cp == ' ' || cp == '\t' || isBreak(cp);
  }

  /** go-yaml v2's {@code analyzeScalar}: which styles can write {@code s} faithfully. */
  static Analysis analyze(String s) {
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
}
