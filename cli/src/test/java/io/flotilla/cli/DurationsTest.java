package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest(name = "{0} is {1} seconds")
  @CsvSource({
    "1h2m5s, 3725",
    "10m, 600",
    "30s, 30",
    "1h, 3600",
    "90m, 5400",
    // az matches a prefix only: trailing text is ignored
    "10m30, 600",
    "1h30, 3600",
    "2m1h, 120",
  })
  void parsesGoDurationsLikeAz(String value, long seconds) {
    assertThat(Durations.parse("--timeout", value)).isEqualTo(seconds);
  }

  @ParameterizedTest(name = "\"{0}\" is invalid")
  @ValueSource(strings = {"abc", "30", "h", "m5", "-1m", "PT10M"})
  void rejectsValuesWithoutHoursMinutesOrSeconds(String value) {
    assertThatThrownBy(() -> Durations.parse("--sync-interval", value))
        .isInstanceOf(CliException.class)
        .hasMessage("Error! Invalid --sync-interval.")
        .extracting(e -> ((CliException) e).recommendations())
        .asList()
        .containsExactly("Specify a valid Go duration and try again (i.e. 1h2m5s)");
  }

  @ParameterizedTest
  @CsvSource(
      value = {"3725, 1h2m5s", "600, 10m", "3600, 1h", "61, 1m1s", "0, ''"},
      emptyValue = "")
  void formatsSecondsLikeAz(long seconds, String text) {
    assertThat(Durations.format(seconds)).isEqualTo(text);
  }

  @org.junit.jupiter.api.Test
  void emptyOrMissingMeansUnset() {
    assertThat(Durations.parse("--timeout", null)).isNull();
    assertThat(Durations.parse("--timeout", "")).isNull();
    assertThat(Durations.format(null)).isNull();
  }
}
