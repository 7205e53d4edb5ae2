package io.flotilla.cli.flux;

import io.flotilla.api.flux.meta.GoDuration;
import java.time.Duration;

/** Go's {@code time.Duration}: parsed with Go's error words, printed as Go prints it. */
final class GoDurations {
  private GoDurations() {}

  /** Parses a flag value; the reason on failure is Go's {@code time: invalid duration "x"}. */
  static Duration parse(String text) {
    try {
      return GoDuration.parse(text);
    } catch (IllegalArgumentException e) {
      throw new Failures.InvalidFlag(text, "time: invalid duration \"" + text + "\"");
    }
  }

  /** {@code 1m0s}, {@code 1h0m0s}, {@code 30s}, {@code 0s}: Go's {@code Duration.String()}. */
  static String format(Duration d) {
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
