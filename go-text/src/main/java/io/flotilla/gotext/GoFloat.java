package io.flotilla.gotext;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A float as Go's {@code strconv.FormatFloat(f, 'g', -1, 64)} writes it, which is also Go's {@code
 * %v} of a float64: the shortest digits that read back as {@code f}, in exponent form below 1e-4 or
 * from 1e6 on ({@code 1e-08}, {@code 9.999999999999999e-06}, {@code 0.005}, {@code 1}, {@code 10},
 * {@code 1e+06}, {@code +Inf}), where Java writes {@code 1.0E-8} and {@code 1.0}. client_golang
 * writes histogram labels so (a series whose {@code le} is spelled otherwise is another series to
 * Prometheus 2), kubectl's jsonpath its floats, kustomize its replacement values and hash input.
 */
public final class GoFloat {
  // for the shortest digits, Go takes %e from a decimal exponent of 6 on (1e+06, 1.5e+07)
  private static final int SHORTEST_EXPONENT_LIMIT = 6;

  private GoFloat() {}

  public static String format(double f) {
    if (Double.isNaN(f)) {
      return "NaN";
    }
    if (Double.isInfinite(f)) {
      return f > 0 ? "+Inf" : "-Inf";
    }
    if (f == 0) {
      return 1 / f < 0 ? "-0" : "0";
    }
    // since JDK 19, Double.toString gives the shortest digits that round-trip, as Go's ryu does,
    // but never fewer than two: where one digit reads back too (the subnormal 4.9E-324), Go
    // writes that one (5e-324)
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(f))).stripTrailingZeros();
    if (d.precision() == 2) {
      BigDecimal one = d.round(new MathContext(1, RoundingMode.HALF_EVEN));
      if (one.doubleValue() == Math.abs(f)) {
        d = one.stripTrailingZeros();
      }
    }
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
