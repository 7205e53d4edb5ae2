package io.flotilla.api.flux.meta;

import java.time.Duration;

/**
 * Go's {@code time.Duration} text as Flux reads and writes it ({@code 10m0s}, {@code 1h}, {@code
 * 1.5s}): here so that the service, the CLI and the controllers read and write it by one rule.
 */
public final class GoDuration {
  private GoDuration() {}

  /**
   * As Go's {@code time.ParseDuration}: {@code 1h2m3.5s}, {@code .5s}, {@code 1µs}; whole parts are
   * exact and a fraction is cut to the nanosecond as Go cuts it, so {@code 2.3h} is {@code
   * 2h18m0s}. A sign is refused: Flux's intervals and timeouts are never negative. Throws {@link
   * IllegalArgumentException} with Go's message ({@code time: unknown unit "x" in duration "1x"}).
   */
  public static Duration parse(String text) {
    String s = text == null ? "" : text;
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(s);
    }
    try {
      return Duration.ofNanos(nanos(s));
    } catch (ArithmeticException e) {
      throw invalid(s);
    }
  }

  private static long nanos(String s) {
    long total = 0;
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) != '.' && !digit(s, i)) {
        throw invalid(s);
      }
      int start = i;
      long whole = 0;
      for (; digit(s, i); i++) {
        whole = Math.addExact(Math.multiplyExact(whole, 10), s.charAt(i) - '0');
      }
      boolean wholeDigits = i > start;
      long fraction = 0;
      double scale = 1;
      int fractionStart = i + 1;
      if (i < s.length() && s.charAt(i) == '.') {
        // Digits past what a long holds are read and dropped, as Go's leadingFraction does.
        boolean full = false;
        for (i++; digit(s, i); i++) {
          long next = fraction * 10 + (s.charAt(i) - '0');
          full = full || fraction > Long.MAX_VALUE / 10 || next < 0;
          if (!full) {
            fraction = next;
            scale *= 10;
          }
        }
      }
      if (!wholeDigits && i <= fractionStart) {
        throw invalid(s);
      }
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !digit(s, i)) {
        i++;
      }
      long unit = unit(s, s.substring(unitStart, i));
      if (whole > Long.MAX_VALUE / unit) {
        throw invalid(s);
      }
      long part = Math.addExact(whole * unit, (long) (fraction * (unit / scale)));
      total = Math.addExact(total, part);
    }
    return total;
  }

  private static boolean digit(String s, int i) {
    return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
  }

  private static long unit(String text, String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "\u00b5s", "\u03bcs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      case "" ->
          throw new IllegalArgumentException("time: missing unit in duration \"" + text + "\"");
      default ->
          throw new IllegalArgumentException(
              "time: unknown unit \"" + unit + "\" in duration \"" + text + "\"");
    };
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
  }

  /**
   * As Go's {@code Duration.String()}: {@code 10m0s}, {@code 1h0m0s}, {@code 30s}, {@code 1.5s},
   * {@code 250ms}, {@code 0s}; Flux writes intervals and elapsed times in its messages so.
   */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    if (nanos < 0) {
      out.append('-');
      nanos = -nanos;
    }
    if (nanos < 1_000_000_000L) {
      return out.append(subSecond(nanos)).toString();
    }
    long hours = nanos / 3_600_000_000_000L;
    long minutes = nanos / 60_000_000_000L % 60;
    long secNanos = nanos % 60_000_000_000L;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(fraction(secNanos, 1_000_000_000L)).append('s').toString();
  }

  private static String subSecond(long nanos) {
    if (nanos < 1_000) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000) {
      return fraction(nanos, 1_000) + "µs";
    }
    return fraction(nanos, 1_000_000) + "ms";
  }

  private static String fraction(long value, long unit) {
    long whole = value / unit;
    long rest = value % unit;
    if (rest == 0) {
      return Long.toString(whole);
    }
    String digits = String.format("%0" + Long.toString(unit).length() + "d", rest).substring(1);
    return whole + "." + digits.replaceFirst("0+$", "");
  }
}
