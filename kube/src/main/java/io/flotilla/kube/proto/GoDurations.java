package io.flotilla.kube.proto;

/** Go's {@code time.Duration} text ({@code 1h2m3.5s}), the JSON form of {@code metav1.Duration}. */
public final class GoDurations {
  private static final long US = 1_000L;
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  private static final long M = 60 * S;
  private static final long H = 60 * M;

  private GoDurations() {}

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
    double total = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      if (start == unitStart || unitStart == i) {
        throw invalid(text, path);
      }
      double n;
      try {
        n = Double.parseDouble(s.substring(start, unitStart));
      } catch (NumberFormatException e) {
        throw invalid(text, path);
      }
      total +=
          n
              * switch (s.substring(unitStart, i)) {
                case "ns" -> 1;
                case "us", "µs", "μs" -> US;
                case "ms" -> MS;
                case "s" -> S;
                case "m" -> M;
                case "h" -> H;
                default -> throw invalid(text, path);
              };
    }
    long nanos = Math.round(total);
    return negative ? -nanos : nanos;
  }

  private static ProtoJson.Malformed invalid(String text, String path) {
    return new ProtoJson.Malformed(path + ": time: invalid duration \"" + text + "\"");
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
