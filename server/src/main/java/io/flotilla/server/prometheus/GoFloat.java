package io.flotilla.server.prometheus;

import java.math.BigDecimal;

/**
 * A float as Go's {@code strconv.FormatFloat(f, 'g', -1, 64)} writes it, which is how client_golang
 * writes the {@code le} and {@code quantile} labels of Flux's and controller-runtime's histograms:
 * the shortest digits that read back as {@code f}, in exponent form below 1e-4 or from 1e6 on
 * ({@code 1e-08}, {@code 9.999999999999999e-06}, {@code 0.005}, {@code 1}, {@code 10}, {@code
 * +Inf}). Java writes {@code 1.0E-8} and {@code 1.0}; a series whose {@code le} differs by its
 * spelling is another series to Prometheus 2, so dashboards' and rules' {@code le="1"} would match
 * nothing.
 */
final class GoFloat {
  // for the shortest digits, Go takes %e from a decimal exponent of 6 on (1e+06, 1.5e+07)
  private static final int SHORTEST_EXPONENT_LIMIT = 6;

  private GoFloat() {}

  static String format(double f) {
    if (Double.isNaN(f)) {
      return "NaN";
    }
    if (Double.isInfinite(f)) {
      return f > 0 ? "+Inf" : "-Inf";
    }
    if (f == 0) {
      return 1 / f < 0 ? "-0" : "0";
    }
    // since JDK 19, Double.toString gives the shortest digits that round-trip, as Go's ryu does
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(f))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - d.scale() - 1;
    String sign = f < 0 ? "-" : "";
    if (exp < -4 || exp >= SHORTEST_EXPONENT_LIMIT) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      int e = Math.abs(exp);
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
    }
    return sign + d.toPlainString();
  }
}
