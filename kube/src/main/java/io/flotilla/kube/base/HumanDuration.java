package io.flotilla.kube.base;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Ages and durations the way kube-apiserver prints them in tables: about two significant figures
 * ({@code 5s}, {@code 3m20s}, {@code 45m}, {@code 5h3m}, {@code 12h}, {@code 3d4h}, {@code 40d},
 * {@code 2y10d}), {@code 0s} for a clock up to two seconds behind, {@code <invalid>} beyond that.
 */
public final class HumanDuration {
  public static final String UNKNOWN = "<unknown>";

  private HumanDuration() {}

  static String format(Duration d) {
    long nanos = d.toNanos();
    long seconds = nanos / 1_000_000_000L;
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return pair(minutes, "m", seconds % 60, "s");
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return pair(hours, "h", minutes % 60, "m");
    }
    if (hours < 48) {
      return hours + "h";
    }
    long days = hours / 24;
    if (hours < 24 * 8) {
      return pair(days, "d", hours % 24, "h");
    }
    if (hours < 24 * 365 * 2) {
      return days + "d";
    }
    if (hours < 24 * 365 * 8) {
      return pair(days / 365, "y", days % 365, "d");
    }
    return days / 365 + "y";
  }

  private static String pair(long major, String majorUnit, long minor, String minorUnit) {
    return minor == 0 ? major + majorUnit : major + majorUnit + minor + minorUnit;
  }

  /** The age of an RFC 3339 timestamp; {@code <unknown>} when there is none. */
  public static String since(String timestamp, Instant now) {
    Instant t = parseOrNull(timestamp);
    return t == null ? UNKNOWN : format(Duration.between(t, now));
  }

  /** The time between two timestamps, both present. */
  public static String between(Instant from, Instant to) {
    return format(Duration.between(from, to));
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
