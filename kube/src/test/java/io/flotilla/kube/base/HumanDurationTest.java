package io.flotilla.kube.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {
  @ParameterizedTest
  @CsvSource({
    "PT0S, 0s",
    "PT-1.5S, 0s",
    "PT-2S, <invalid>",
    "PT59.9S, 59s",
    "PT119S, 119s",
    "PT120S, 2m",
    "PT125S, 2m5s",
    "PT9M59S, 9m59s",
    "PT10M30S, 10m",
    "PT179M, 179m",
    "PT3H, 3h",
    "PT3H5M, 3h5m",
    "PT7H59M, 7h59m",
    "PT8H30M, 8h",
    "PT47H, 47h",
    "PT48H, 2d",
    "PT53H, 2d5h",
    "PT191H, 7d23h",
    "PT192H, 8d",
    "PT17519H, 729d",
    "PT17520H, 2y",
    "PT17760H, 2y10d",
    "PT70080H, 8y",
    "PT87600H, 10y",
  })
  void formatsAsKubeApiserverPrintsAges(Duration d, String printed) {
    assertThat(HumanDuration.format(d)).isEqualTo(printed);
  }

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
