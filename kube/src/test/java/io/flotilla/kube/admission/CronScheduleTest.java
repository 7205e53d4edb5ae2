package io.flotilla.kube.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.workloads.CronJobController;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Schedules as robfig/cron's standard parser reads them, and the CronJob's most recent due time.
 */
class CronScheduleTest {
  static final ZonedDateTime FROM = ZonedDateTime.parse("2025-01-01T10:07:30Z"); // a Wednesday

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "* * * * *|2025-01-01T10:08Z",
        "*/15 * * * *|2025-01-01T10:15Z",
        "5 * * * *|2025-01-01T11:05Z",
        "0 3 * * *|2025-01-02T03:00Z",
        "30 9 * * mon-fri|2025-01-02T09:30Z",
        "0 0 * * SUN|2025-01-05T00:00Z",
        "0 0 1 */3 *|2025-04-01T00:00Z",
        "0 0 13 * 5|2025-01-03T00:00Z",
        "0 0 13 * ?|2025-01-13T00:00Z",
        "0 12 29 feb *|2028-02-29T12:00Z",
        "10-20/5 10 * * *|2025-01-01T10:10Z",
        "7/20 * * * *|2025-01-01T10:27Z",
        "@hourly|2025-01-01T11:00Z",
        "@daily|2025-01-02T00:00Z",
        "@weekly|2025-01-05T00:00Z",
        "@monthly|2025-02-01T00:00Z",
        "@yearly|2026-01-01T00:00Z",
        "@every 90s|2025-01-01T10:09Z",
      })
  void nextRun(String schedule, String next) {
    assertThat(CronSchedule.parse(schedule).next(FROM).toInstant())
        .isEqualTo(ZonedDateTime.parse(next).toInstant());
  }

  @Test
  void aTimeZoneMovesTheClock() {
    ZonedDateTime paris = FROM.withZoneSameInstant(ZoneId.of("Europe/Paris"));
    assertThat(CronSchedule.parse("0 3 * * *").next(paris).toInstant().toString())
        .isEqualTo("2025-01-02T02:00:00Z");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "* * * *|expected exactly 5 fields, found 4: [* * * *]",
        "60 * * * *|end of range (60) above maximum (59): 60",
        "5-1 * * * *|beginning of range (5) beyond end of range (1): 5-1",
        "*/0 * * * *|step of range should be a positive number: */0",
        "x * * * *|failed to parse int from x: x",
        "@often|unrecognized descriptor: @often",
      })
  void badSchedulesSayWhy(String schedule, String message) {
    assertThatThrownBy(() -> CronSchedule.parse(schedule)).hasMessage(message);
  }

  @Test
  void onlyTheLatestMissedTimeIsDueAndAStartingDeadlineLimitsHowFarBack() throws Exception {
    JsonNode cj =
        Json.YAML.readTree(
            "metadata: {creationTimestamp: '2025-01-01T09:00:00Z'}\nspec: {schedule: '*/10 * * * *'}");
    CronSchedule s = CronSchedule.parse("*/10 * * * *");
    assertThat(CronJobController.mostRecent(cj, cj.path("spec"), s, FROM).toString())
        .isEqualTo("2025-01-01T10:00Z");
    JsonNode ran =
        Json.YAML.readTree(
            "metadata: {creationTimestamp: '2025-01-01T09:00:00Z'}\n"
                + "status: {lastScheduleTime: '2025-01-01T10:00:00Z'}");
    assertThat(CronJobController.mostRecent(ran, cj.path("spec"), s, FROM)).isNull();
    JsonNode deadline = Json.YAML.readTree("startingDeadlineSeconds: 60");
    assertThat(CronJobController.mostRecent(cj, deadline, s, FROM)).isNull();
  }
}
