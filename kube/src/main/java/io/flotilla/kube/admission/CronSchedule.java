package io.flotilla.kube.admission;

import io.flotilla.kube.proto.GoDurations;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CronJob schedule as kube-controller-manager reads it (robfig/cron's standard parser): five
 * fields — minute, hour, day of month, month, day of week — with {@code *}, {@code ?}, lists,
 * ranges, steps and month/day names, or a descriptor ({@code @hourly}, {@code @daily}, {@code
 * @every 1h30m}, ...). When both day fields are restricted a day matching either one runs.
 */
public final class CronSchedule {
  private static final Map<String, String> DESCRIPTORS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final List<String> MONTHS =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
  private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet days;
  private final BitSet months;
  private final BitSet weekdays;
  private final boolean anyDay;
  private final boolean anyWeekday;
  private final Duration every;

  private CronSchedule(String[] f) {
    minutes = field(f[0], 0, 59, null);
    hours = field(f[1], 0, 23, null);
    days = field(f[2], 1, 31, null);
    months = field(f[3], 1, 12, MONTHS);
    weekdays = field(f[4], 0, 6, DAYS);
    anyDay = star(f[2]);
    anyWeekday = star(f[4]);
    every = null;
  }

  private CronSchedule(Duration every) {
    minutes = hours = days = months = weekdays = null;
    anyDay = anyWeekday = true;
    this.every = every;
  }

  /**
   * @throws IllegalArgumentException naming what does not parse
   */
  public static CronSchedule parse(String spec) {
    String s = spec.trim();
    if (s.startsWith("@every ")) {
      String text = s.substring("@every ".length()).trim();
      long nanos;
      try {
        nanos = GoDurations.parse(text, "schedule");
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("failed to parse duration " + s);
      }
      // robfig/cron: whole seconds, at least one
      return new CronSchedule(Duration.ofSeconds(Math.max(1, nanos / 1_000_000_000L)));
    }
    if (s.startsWith("@")) {
      String expanded = DESCRIPTORS.get(s.toLowerCase(Locale.ROOT));
      if (expanded == null) {
        throw new IllegalArgumentException("unrecognized descriptor: " + s);
      }
      s = expanded;
    }
    String[] f = s.split("\\s+");
    if (f.length != 5) {
      // robfig/cron prints the fields as a Go slice
      throw new IllegalArgumentException(
          "expected exactly 5 fields, found " + f.length + ": [" + String.join(" ", f) + "]");
    }
    return new CronSchedule(f);
  }

  /** The first time after {@code t} (to the minute, in {@code t}'s zone) that matches. */
  public ZonedDateTime next(ZonedDateTime t) {
    if (every != null) {
      return t.plus(every).truncatedTo(ChronoUnit.SECONDS);
    }
    ZonedDateTime c = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = c.plusYears(5);
    while (c.isBefore(limit)) {
      if (!months.get(c.getMonthValue())) {
        c = c.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(c)) {
        c = c.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(c.getHour())) {
        c = c.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(c.getMinute())) {
        c = c.plusMinutes(1);
      } else {
        return c;
      }
    }
    return null; // never (say, 30 February)
  }

  private boolean dayMatches(ZonedDateTime c) {
    boolean day = days.get(c.getDayOfMonth());
    boolean weekday = weekdays.get(c.getDayOfWeek().getValue() % 7);
    return anyDay || anyWeekday ? day && weekday : day || weekday;
  }

  private static boolean star(String field) {
    return field.equals("*") || field.equals("?");
  }

  private static BitSet field(String field, int min, int max, List<String> names) {
    BitSet bits = new BitSet(max + 1);
    for (String part : field.split(",")) {
      String[] rangeAndStep = part.split("/", -1);
      String[] lowHigh = rangeAndStep[0].split("-", -1);
      int start;
      int end;
      if (star(lowHigh[0])) {
        start = min;
        end = max;
      } else {
        start = value(lowHigh[0], names, part);
        end = lowHigh.length == 2 ? value(lowHigh[1], names, part) : start;
        if (lowHigh.length > 2) {
          throw new IllegalArgumentException("too many hyphens: " + part);
        }
      }
      int step = 1;
      if (rangeAndStep.length == 2) {
        step = value(rangeAndStep[1], null, part);
        if (lowHigh.length == 1 && !star(lowHigh[0])) {
          end = max; // N/step means N-max/step
        }
        if (step <= 0) {
          throw new IllegalArgumentException("step of range should be a positive number: " + part);
        }
      } else if (rangeAndStep.length > 2) {
        throw new IllegalArgumentException("too many slashes: " + part);
      }
      if (start < min) {
        throw new IllegalArgumentException(
            "beginning of range (" + start + ") below minimum (" + min + "): " + part);
      }
      if (end > max) {
        throw new IllegalArgumentException(
            "end of range (" + end + ") above maximum (" + max + "): " + part);
      }
      if (start > end) {
        throw new IllegalArgumentException(
            "beginning of range (" + start + ") beyond end of range (" + end + "): " + part);
      }
      for (int i = start; i <= end; i += step) {
        bits.set(i);
      }
    }
    return bits;
  }

  private static int value(String text, List<String> names, String part) {
    if (names != null) {
      int i = names.indexOf(text.toLowerCase(Locale.ROOT));
      if (i >= 0) {
        return names == MONTHS ? i + 1 : i;
      }
    }
    try {
      int v = Integer.parseInt(text);
      if (v < 0) {
        throw new IllegalArgumentException("negative number (" + v + ") not allowed: " + part);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("failed to parse int from " + text + ": " + part);
    }
  }

  public static ZoneId zone(String timeZone) {
    return timeZone == null || timeZone.isEmpty() ? java.time.ZoneOffset.UTC : ZoneId.of(timeZone);
  }
}
