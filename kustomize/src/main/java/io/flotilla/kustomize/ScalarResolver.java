package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How kustomize (go-yaml v3) reads an untagged plain scalar: null, bool, int (any base Go's {@code
 * ParseInt(s, 0, 64)} takes, underscores ignored), float, timestamp (kept as its RFC 3339 text, the
 * way it reaches kustomize's output through JSON) or string.
 */
final class ScalarResolver {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
  private static final Set<String> TRUE = Set.of("true", "True", "TRUE");
  private static final Set<String> FALSE = Set.of("false", "False", "FALSE");
  static final Pattern FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
              + "(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2}))?$");

  private ScalarResolver() {}

  /** True when a plain scalar would not be a string. */
  static boolean looksTyped(String v) {
    return !resolve(v).isTextual() || TIMESTAMP.matcher(v).matches();
  }

  static JsonNode resolve(String v) {
    if (NULLS.contains(v)) return F.nullNode();
    if (TRUE.contains(v)) return F.booleanNode(true);
    if (FALSE.contains(v)) return F.booleanNode(false);
    switch (v) {
      case ".nan", ".NaN", ".NAN":
        return F.numberNode(Double.NaN);
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
        return F.numberNode(Double.POSITIVE_INFINITY);
      case "-.inf", "-.Inf", "-.INF":
        return F.numberNode(Double.NEGATIVE_INFINITY);
      default:
        break;
    }
    char c = v.charAt(0);
    if (c == '.' || c == '+' || c == '-' || (c >= '0' && c <= '9')) {
      Matcher ts = TIMESTAMP.matcher(v);
      if (ts.matches()) {
        return F.textNode(timestamp(ts));
      }
      String plain = v.replace("_", "");
      BigInteger i = goInt(plain);
      if (i != null) {
        if (i.bitLength() <= 63) return F.numberNode(i.longValue());
        return F.numberNode(i);
      }
      if (FLOAT.matcher(plain).matches()) {
        return F.numberNode(Double.parseDouble(plain));
      }
    }
    return F.textNode(v);
  }

  private static String timestamp(Matcher m) {
    String date =
        "%s-%02d-%02d"
            .formatted(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    if (m.group(4) == null) {
      return date + "T00:00:00Z";
    }
    String frac = m.group(7) == null ? "" : m.group(7).replaceAll("0+$", "");
    if (frac.equals(".")) frac = "";
    String zone = m.group(8).equals("+00:00") ? "Z" : m.group(8);
    return "%sT%02d:%02d:%02d%s%s"
        .formatted(
            date,
            Integer.parseInt(m.group(4)),
            Integer.parseInt(m.group(5)),
            Integer.parseInt(m.group(6)),
            frac,
            zone);
  }

  /**
   * {@code strconv.ParseInt(s, 0, 64)}, or ParseUint for what only fits unsigned: the value, or
   * null when neither takes {@code s}.
   */
  static BigInteger goInt(String s) {
    String t = s;
    boolean neg = false;
    if (t.startsWith("+") || t.startsWith("-")) {
      neg = t.startsWith("-");
      t = t.substring(1);
    }
    if (t.isEmpty()) return null;
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
    if (t.isEmpty() || t.startsWith("+") || t.startsWith("-")) return null;
    try {
      BigInteger v = new BigInteger(t, radix);
      if (neg) v = v.negate();
      if (v.bitLength() <= 63 || (!neg && v.bitLength() <= 64)) return v;
      return null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
