package io.flotilla.kube.base;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource quantity in its canonical form, as {@code resource.Quantity.String()} prints it: the
 * suffix family written (binary {@code Ki…Ei}, decimal {@code n…E}, or an exponent) is kept, the
 * value is reduced to the largest unit that keeps it whole ({@code 1024Mi} is {@code 1Gi}, {@code
 * 1500M} stays, {@code 0.5} is {@code 500m}), below a nano it is rounded up, and a binary value
 * under 1024 or not a whole number is printed in decimal.
 */
public final class Quantities {
  private static final Pattern FORM =
      Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(.*)");
  private static final List<String> BINARY = List.of("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei");
  private static final List<String> DECIMAL =
      List.of("n", "u", "m", "", "k", "M", "G", "T", "P", "E");
  private static final BigInteger K1024 = BigInteger.valueOf(1024);

  private Quantities() {}

  private enum Family {
    BINARY,
    DECIMAL,
    EXPONENT
  }

  /** The canonical form of {@code text}, or {@code text} itself when it is not a quantity. */
  public static String canonical(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      return text;
    }
    String suffix = m.group(2);
    BigDecimal value = new BigDecimal(m.group(1));
    Family family;
    int binary = BINARY.indexOf(suffix);
    int decimal = DECIMAL.indexOf(suffix);
    if (!suffix.isEmpty() && binary > 0) {
      family = Family.BINARY;
      value = value.multiply(new BigDecimal(K1024.pow(binary)));
    } else if (decimal >= 0) {
      family = Family.DECIMAL;
      value = value.scaleByPowerOfTen((decimal - 3) * 3);
    } else if (suffix.matches("[eE][+-]?[0-9]+")) {
      family = Family.EXPONENT;
      try {
        value = value.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
      } catch (NumberFormatException e) {
        return text;
      }
    } else {
      return text;
    }
    if (value.signum() == 0) {
      return "0";
    }
    if (value.scale() > 9) {
      value = value.setScale(9, RoundingMode.UP);
    }
    if (family == Family.BINARY) {
      if (value.abs().compareTo(BigDecimal.valueOf(1024)) < 0 || !isWhole(value)) {
        family = Family.DECIMAL;
      } else {
        return base1024(value.toBigIntegerExact());
      }
    }
    return base10(value, family);
  }

  private static boolean isWhole(BigDecimal v) {
    return v.signum() == 0 || v.stripTrailingZeros().scale() <= 0;
  }

  private static String base1024(BigInteger v) {
    int exponent = 0;
    while (exponent < BINARY.size() - 1 && v.mod(K1024).signum() == 0) {
      v = v.divide(K1024);
      exponent++;
    }
    return v + BINARY.get(exponent);
  }

  /** Mantissa and an exponent that is a multiple of 3, the largest that keeps it whole. */
  private static String base10(BigDecimal v, Family family) {
    BigDecimal stripped = v.stripTrailingZeros();
    BigInteger mantissa = stripped.unscaledValue();
    int exponent = -stripped.scale();
    int down = Math.floorMod(exponent, 3);
    mantissa = mantissa.multiply(BigInteger.TEN.pow(down));
    exponent -= down;
    if (family == Family.EXPONENT) {
      return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }
    int index = exponent / 3 + 3;
    if (index >= 0 && index < DECIMAL.size()) {
      return mantissa + DECIMAL.get(index);
    }
    return mantissa + "e" + exponent;
  }
}
