package io.flotilla.api.flux.meta;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.Duration} text as Flux reads and writes it ({@code 10m0s}, {@code 1h}, {@code
 * 1.5s}): here so that the service, the CLI and the controllers read and write it by one rule.
 */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  /** Parses {@code 1h2m3.5s}; throws {@link IllegalArgumentException} naming the bad text. */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(text);
    int at = 0;
    double nanos = 0;
    while (m.find() && m.start() == at) {
      double value = Double.parseDouble(m.group(1));
      nanos +=
          value
              * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
              };
      at = m.end();
    }
    if (at != text.length()) {
      throw new IllegalArgumentException("invalid duration \"" + text + "\"");
    }
    // Go's durations are int64 nanoseconds: about 292 years at most.
    if (nanos > Long.MAX_VALUE) {
      throw new IllegalArgumentException("invalid duration \"" + text + "\": too long");
    }
    return Duration.ofNanos((long) nanos);
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
