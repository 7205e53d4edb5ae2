package io.flotilla.gotext;

import java.time.Duration;

/**
 * apimachinery's {@code duration.HumanDuration}: ages as kubectl, kube-apiserver's tables and flux
 * print them, about two significant figures ({@code 5s}, {@code 3m20s}, {@code 45m}, {@code 5h3m},
 * {@code 12h}, {@code 3d4h}, {@code 40d}, {@code 2y10d}); {@code 0s} for a clock up to two seconds
 * behind, {@code <invalid>} beyond that.
 */
public final class HumanDuration {
  private HumanDuration() {}

  public static String of(Duration d) {
    long seconds = d.toNanos() / 1_000_000_000L;
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

  /** {@code 5m3s}, or {@code 5m} when the smaller unit is zero. */
  private static String pair(long major, String majorUnit, long minor, String minorUnit) {
    return minor == 0 ? major + majorUnit : major + majorUnit + minor + minorUnit;
  }
}
