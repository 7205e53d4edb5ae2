package io.flotilla.controllers.notification;

import io.flotilla.controllers.runtime.FluxEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * notification-controller's rate limit: an event is keyed by its object, message, revision and
 * token (Flux's {@code eventKeyFunc}); the same key within the interval is dropped.
 */
final class RateLimiter {
  private static final int SWEEP_AT = 10_000;
  private final Duration interval;
  private final Clock clock;
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();
  // swept when the map passes this size, which then doubles what is left, so a burst of distinct
  // events costs amortised constant time per event
  private volatile int sweepAt = SWEEP_AT;

  RateLimiter(Duration interval, Clock clock) {
    this.interval = interval;
    this.clock = clock;
  }

  boolean allow(FluxEvent e) {
    if (interval.isZero() || interval.isNegative()) {
      return true;
    }
    Instant now = clock.instant();
    if (seen.size() > sweepAt) {
      seen.values().removeIf(until -> !until.isAfter(now));
      sweepAt = Math.max(SWEEP_AT, seen.size() * 2);
    }
    String key = key(e);
    boolean[] allowed = {false};
    seen.compute(
        key,
        (k, until) -> {
          if (until == null || !until.isAfter(now)) {
            allowed[0] = true;
            return now.plus(interval);
          }
          return until;
        });
    return allowed[0];
  }

  static String key(FluxEvent e) {
    var o = e.involvedObject();
    StringBuilder s =
        new StringBuilder("event/")
            .append(o.name())
            .append('/')
            .append(o.namespace())
            .append('/')
            .append(o.kind())
            .append('/')
            .append(e.message());
    if (e.meta("revision") != null) {
      s.append('/').append(e.meta("revision"));
    }
    if (e.meta("token") != null) {
      s.append('/').append(e.meta("token"));
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
