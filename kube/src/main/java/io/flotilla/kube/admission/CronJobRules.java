package io.flotilla.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.FieldErrors;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/**
 * kube-apiserver's checks of a CronJob's spec: the schedule as robfig/cron's standard parser reads
 * it (no {@code TZ=} in it: that is {@code timeZone}'s job), an IANA {@code timeZone}, the
 * concurrency policy and non-negative deadlines and history limits. Without them an unparsable
 * schedule was stored and simply never ran.
 */
final class CronJobRules {
  private static final List<String> POLICIES = List.of("Allow", "Forbid", "Replace");

  private CronJobRules() {}

  static void validate(ObjectNode cronJob, List<ApiException.Cause> causes) {
    JsonNode spec = cronJob.path("spec");
    JsonNode schedule = spec.path("schedule");
    if (schedule.asText("").isEmpty()) {
      causes.add(FieldErrors.required("spec.schedule", ""));
    } else {
      String problem = scheduleProblem(schedule.asText());
      if (problem != null) {
        causes.add(FieldErrors.invalid("spec.schedule", schedule, problem));
      }
      if (schedule.asText().contains("TZ")) {
        causes.add(
            FieldErrors.invalid(
                "spec.schedule",
                schedule,
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
      }
    }
    nonNegative(spec, "startingDeadlineSeconds", causes);
    JsonNode zone = spec.get("timeZone");
    if (zone != null && zone.isTextual()) {
      timeZone(zone, causes);
    }
    JsonNode policy = spec.path("concurrencyPolicy");
    if (policy.isTextual() && !POLICIES.contains(policy.asText())) {
      causes.add(
          policy.asText().isEmpty()
              ? FieldErrors.required("spec.concurrencyPolicy", "")
              : FieldErrors.notSupported("spec.concurrencyPolicy", policy, POLICIES));
    }
    nonNegative(spec, "successfulJobsHistoryLimit", causes);
    nonNegative(spec, "failedJobsHistoryLimit", causes);
  }

  /** What robfig/cron's ParseStandard says of it (it reads a leading TZ= itself), or null. */
  private static String scheduleProblem(String schedule) {
    String s = schedule.strip();
    if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
      int space = s.indexOf(' ');
      String zone = s.substring(s.indexOf('=') + 1, space < 0 ? s.length() : space);
      if (!knownZone(zone)) {
        return "provided bad location " + zone + ": unknown time zone " + zone;
      }
      s = space < 0 ? "" : s.substring(space + 1).strip();
    }
    try {
      CronSchedule.parse(s);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static void timeZone(JsonNode zone, List<ApiException.Cause> causes) {
    String name = zone.asText();
    String field = "spec.timeZone";
    if (name.isEmpty()) {
      causes.add(FieldErrors.invalid(field, zone, "timeZone must be nil or non-empty string"));
      return;
    }
    if (name.equalsIgnoreCase("Local")) {
      causes.add(
          FieldErrors.invalid(
              field,
              zone,
              "timeZone must be an explicit time zone as defined in"
                  + " https://www.iana.org/time-zones"));
      return;
    }
    if (!knownZone(name)) {
      causes.add(FieldErrors.invalid(field, zone, "unknown time zone " + name));
    }
  }

  /** Go's time.LoadLocation knows IANA names and UTC; Java's offsets (+01:00) are not names. */
  private static boolean knownZone(String name) {
    try {
      ZoneId.of(name);
      return name.equals("UTC") || ZoneId.getAvailableZoneIds().contains(name);
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static void nonNegative(JsonNode spec, String name, List<ApiException.Cause> causes) {
    JsonNode v = spec.get(name);
    if (v != null && v.isNumber() && v.asLong() < 0) {
      causes.add(FieldErrors.invalid("spec." + name, v, "must be greater than or equal to 0"));
    }
  }
}
