package io.flotilla.cli.flux;

import io.flotilla.api.flux.meta.GoDuration;
import java.time.Duration;

/** Go's {@code time.Duration} as a flag value: parsed with Go's error words. */
final class GoDurations {
  private GoDurations() {}

  /** Parses a flag value; the reason on failure is Go's ({@code time: missing unit in …}). */
  static Duration parse(String text) {
    try {
      return GoDuration.parse(text);
    } catch (IllegalArgumentException e) {
      throw new Failures.InvalidFlag(text, e.getMessage());
    }
  }
}
