package io.flotilla.kube.base;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Ages of timestamps the way kube-apiserver prints them in tables, in apimachinery's {@code
 * HumanDuration} ({@link io.flotilla.gotext.HumanDuration}).
 */
public final class HumanDuration {
  public static final String UNKNOWN = "<unknown>";

  private HumanDuration() {}

  /** The age of an RFC 3339 timestamp; {@code <unknown>} when there is none. */
  public static String since(String timestamp, Instant now) {
    Instant t = parseOrNull(timestamp);
    return t == null ? UNKNOWN : io.flotilla.gotext.HumanDuration.of(Duration.between(t, now));
  }

  /** The time between two timestamps, both present. */
  public static String between(Instant from, Instant to) {
    return io.flotilla.gotext.HumanDuration.of(Duration.between(from, to));
  }

  /** Null for a missing, empty or zero timestamp (Go's zero time prints as unknown). */
  static Instant instant(String timestamp) {
    if (timestamp == null || timestamp.isEmpty() || timestamp.equals("null")) {
      return null;
    }
    Instant t = OffsetDateTime.parse(timestamp).toInstant();
    return t.equals(ZERO) ? null : t;
  }

  /** Like {@link #instant} but null, not an exception, for text that is no timestamp. */
  public static Instant parseOrNull(String timestamp) {
    try {
      return instant(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  public static final Instant ZERO = Instant.parse("0001-01-01T00:00:00Z");
}
