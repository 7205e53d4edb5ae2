package io.flotilla.kube.proto;

import static java.math.RoundingMode.DOWN;

import java.math.BigDecimal;

/** Go's {@code time.Duration} text ({@code 1h2m3.5s}), the JSON form of {@code metav1.Duration}. */
public final class GoDurations {
  private static final long US = 1_000L;
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  private static final long M = 60 * S;
  private static final long H = 60 * M;

  private GoDurations() {}

  /**
   * As Go's {@code time.ParseDuration}: a sign, then parts such as {@code 1h}, {@code 2.5m}, {@code
   * .5s}; each part is cut to the nanosecond, and a total past int64 nanoseconds is an error. The
   * message is Go's, after {@code path}: {@code spec.d: time: unknown unit "x" in duration "1x"}.
   */
  public static long parse(String text, String path) {
    String s = text;
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalid(text, path);
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      i = digitsFrom(s, i);
      if (i < s.length() && s.charAt(i) == '.') {
        i = digitsFrom(s, i + 1);
      }
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".")) {
        throw invalid(text, path);
      }
      int unitStart = i;
      while (i < s.length() && !isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unit = unit(s.substring(unitStart, i), text, path);
      total =
          total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)).setScale(0, DOWN));
    }
    try {
      return (negative ? total.negate() : total).longValueExact();
    } catch (ArithmeticException e) {
      throw invalid(text, path);
    }
  }

  private static int digitsFrom(String s, int i) {
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static long unit(String unit, String text, String path) {
    return switch (unit) {
      case "ns" -> 1;
      case "us", "µs", "μs" -> US;
      case "ms" -> MS;
      case "s" -> S;
      case "m" -> M;
      case "h" -> H;
      case "" -> throw malformed(path, "missing unit in duration \"" + text + "\"");
      default ->
          throw malformed(path, "unknown unit \"" + unit + "\" in duration \"" + text + "\"");
    };
  }

  private static ProtoJson.Malformed invalid(String text, String path) {
    return malformed(path, "invalid duration \"" + text + "\"");
  }

  private static ProtoJson.Malformed malformed(String path, String goError) {
    return new ProtoJson.Malformed(path + ": time: " + goError);
  }

  /** As Go's {@code Duration.String}: {@code 0s}, {@code 1.5s}, {@code 100ms}, {@code 1h0m0s}. */
  static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    long d = Math.abs(nanos);
    if (d < S) {
      if (d < US) {
        return sign + d + "ns";
      }
      if (d < MS) {
        return sign + fraction(d, US) + "µs";
      }
      return sign + fraction(d, MS) + "ms";
    }
    StringBuilder b = new StringBuilder(sign);
    long h = d / H;
    long m = d % H / M;
    long rest = d % M;
    if (h > 0) {
      b.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      b.append(m).append('m');
    }
    return b.append(fraction(rest, S)).append('s').toString();
  }

  private static String fraction(long v, long unit) {
    long whole = v / unit;
    long frac = v % unit;
    if (frac == 0) {
      return Long.toString(whole);
    }
    String digits = Long.toString(unit + frac).substring(1).replaceAll("0+$", "");
    return whole + "." + digits;
  }
}
