package io.flotilla.api.flux.meta;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.Duration} text as Flux reads it ({@code 10m0s}, {@code 1h}, {@code 1.5s}): here
 * so that the service can check a value with the same rule the controllers parse it with.
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
}
