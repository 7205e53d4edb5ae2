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
    String special = special(f);
    if (special != null) {
      return special;
    }
    BigDecimal d = shortest(f);
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

  /**
   * {@code strconv.FormatFloat(f, 'f', -1, 64)}: the same shortest digits, never in exponent form
   * ({@code 0.000001}, {@code 1152921504606847000}).
   */
  public static String plain(double f) {
    String special = special(f);
    return special != null ? special : (f < 0 ? "-" : "") + shortest(f).toPlainString();
  }

  /**
   * A float64 as Go's {@code encoding/json} writes it: {@link #plain} from 1e-6 to below 1e21, else
   * the exponent form with at least one exponent digit ({@code 1e-7}, {@code 1.5e+21}).
   */
  public static String json(double f) {
    double abs = Math.abs(f);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      return format(f).replaceFirst("e([+-])0(\\d)$", "e$1$2");
    }
    return plain(f);
  }

  private static String special(double f) {
    if (Double.isNaN(f)) {
      return "NaN";
    }
    if (Double.isInfinite(f)) {
      return f > 0 ? "+Inf" : "-Inf";
    }
    if (f == 0) {
      return 1 / f < 0 ? "-0" : "0";
    }
    return null;
  }

  /** The shortest digits that read back as {@code |f|}, as Go's ryu finds them. */
  private static BigDecimal shortest(double f) {
    double abs = Math.abs(f);
    // since JDK 19, Double.toString gives the shortest digits that round-trip, but never fewer
    // than two: where one digit reads back too (the subnormal 4.9E-324), Go writes that (5e-324)
    BigDecimal d = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
    if (d.precision() == 2) {
      BigDecimal one = d.round(new MathContext(1, RoundingMode.HALF_EVEN));
      if (one.doubleValue() == abs) {
        return one.stripTrailingZeros();
      }
    }
    return d;
  }
}
