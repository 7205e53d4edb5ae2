package io.flotilla.controllers.runtime;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Flux's {@code --interval-jitter-percentage} (5 %): spreads periodic reconciles apart. */
public final class Jitter {
  private Jitter() {}

  public static Duration apply(Duration interval) {
    long ms = interval.toMillis();
    long spread = ms / 20;
    return Duration.ofMillis(
        ms + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(-spread, spread + 1)));
  }

  /**
   * Retry delay after {@code failures} consecutive failures: 1s, 2s, 4s … capped at {@code max}.
   */
  public static Duration backoff(int failures, Duration max) {
    long ms = 1000L << Math.min(Math.max(failures - 1, 0), 20);
    return Duration.ofMillis(Math.min(ms, max.toMillis()));
  }
}
