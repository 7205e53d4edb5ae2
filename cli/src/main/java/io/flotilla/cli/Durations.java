package io.flotilla.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go-style durations as az reads them: {@code 1h2m5s} → 3725 seconds. Like az, only a prefix has to
 * match ({@code 10m30} is 600 seconds) and a value with no hours, minutes or seconds is invalid.
 */
public final class Durations {
  private static final Pattern DURATION =
      Pattern.compile("((?<hours>\\d+?)h)?((?<minutes>\\d+?)m)?((?<seconds>\\d+?)s)?");
  static final String INVALID_HELP = "Specify a valid Go duration and try again (i.e. 1h2m5s)";

  private Durations() {}

  /**
   * Seconds in {@code value}, or null when it is null or empty.
   *
   * @param argName how the error names the argument, e.g. {@code --timeout} or {@code timeout}
   */
  public static Long parse(String argName, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    Matcher m = DURATION.matcher(value);
    if (!m.lookingAt()
        || (m.group("hours") == null && m.group("minutes") == null && m.group("seconds") == null)) {
      throw CliException.invalid("Error! Invalid " + argName + ".", INVALID_HELP);
    }
    try {
      return part(m, "hours") * 3600 + part(m, "minutes") * 60 + part(m, "seconds");
    } catch (NumberFormatException | ArithmeticException e) {
      throw CliException.invalid("Error! Invalid " + argName + ".", INVALID_HELP);
    }
  }

  private static long part(Matcher m, String group) {
    String digits = m.group(group);
    return digits == null ? 0 : Long.parseLong(digits);
  }

  /** az's {@code format_duration}: {@code 3725} → {@code 1h2m5s}; zero parts are left out. */
  public static String format(Long seconds) {
    if (seconds == null) {
      return null;
    }
    long s = seconds;
    long hours = s / 3600;
    s -= hours * 3600;
    long minutes = s / 60;
    s -= minutes * 60;
    StringBuilder out = new StringBuilder();
    if (hours > 0) out.append(hours).append('h');
    if (minutes > 0) out.append(minutes).append('m');
    if (s > 0) out.append(s).append('s');
    return out.toString();
  }
}
