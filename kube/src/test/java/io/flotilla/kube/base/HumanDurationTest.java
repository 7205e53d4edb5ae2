package io.flotilla.kube.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {
  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "2025-01-01T00:00:00Z, 3h",
        "2025-01-01T02:00:00+02:00, 3h",
        "0001-01-01T00:00:00Z, <unknown>",
        "'', <unknown>",
        "null, <unknown>",
        "not a time, <unknown>",
      })
  void agesOfTimestamps(String timestamp, String printed) {
    assertThat(HumanDuration.since(timestamp, Instant.parse("2025-01-01T03:00:00Z")))
        .isEqualTo(printed);
  }
}
