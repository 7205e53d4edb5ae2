package io.flotilla.controllers.runtime;

import java.time.Duration;

/**
 * Go's {@code time.Duration} text form, as Flux writes and reads it ({@code 10m0s}, {@code 1h}).
 */
public final class GoDuration {
  private GoDuration() {}

  /** Parses {@code 1h2m3.5s}; throws {@link IllegalArgumentException} naming the bad text. */
  public static Duration parse(String text) {
    return io.flotilla.api.flux.meta.GoDuration.parse(text);
  }

  /**
   * Formats whole seconds as Go does: {@code 600 -> 10m0s}, {@code 30 -> 30s}, {@code 3600 ->
   * 1h0m0s}.
   */
  public static String format(Duration d) {
    long total = d.getSeconds();
    if (total == 0) {
      return "0s";
    }
    long h = total / 3600;
    long m = (total % 3600) / 60;
    long s = total % 60;
    if (h > 0) {
      return h + "h" + m + "m" + s + "s";
    }
    if (m > 0) {
      return m + "m" + s + "s";
    }
    return s + "s";
  }

  public static String formatSeconds(long seconds) {
    return format(Duration.ofSeconds(seconds));
  }
}
