package io.flotilla.api.flux.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {
  @ParameterizedTest
  @CsvSource({"600,10m0s", "30,30s", "3600,1h0m0s", "3725,1h2m5s", "0,0s", "60,1m0s"})
  void formatsSecondsAsGoDoes(long seconds, String text) {
    assertThat(GoDuration.format(Duration.ofSeconds(seconds))).isEqualTo(text);
  }

  /** Elapsed times in Flux's messages ("Reconciliation finished in 1.302451s") keep their parts. */
  @ParameterizedTest
  @CsvSource({
    "1500000000,1.5s",
    "1302451000,1.302451s",
    "250000000,250ms",
    "61500000000,1m1.5s",
    "1500,1.5µs",
    "-90000000000,-1m30s"
  })
  void formatsFractionsAsGoDoes(long nanos, String text) {
    assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"10m0s,600000", "1h,3600000", "1.5s,1500", "500ms,500", "1h2m5s,3725000", "0,0"})
  void parsesGoDurations(String text, long millis) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  /** Go cuts each fraction to the nanosecond from exact parts, where doubles summed lost one. */
  @ParameterizedTest
  @CsvSource({
    "2.3h,2h18m0s",
    "4.35m,4m21s",
    "1.005s,1.005s",
    ".5s,500ms",
    "1.s,1s",
    "1\u03bcs,1\u00b5s",
    "1.5ns,1ns",
    "9223372036854775807ns,2562047h47m16.854775807s"
  })
  void parsesAsGoParses(String text, String go) {
    assertThat(GoDuration.format(GoDuration.parse(text))).isEqualTo(go);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10|time: missing unit in duration \"10\"",
        "1d|time: unknown unit \"d\" in duration \"1d\"",
        "m5|time: invalid duration \"m5\"",
        "5m junk|time: unknown unit \"m junk\" in duration \"5m junk\"",
        ".s|time: invalid duration \".s\"",
        "-1m|time: invalid duration \"-1m\"",
        "2562047h47m16.854775808s|time: invalid duration \"2562047h47m16.854775808s\""
      })
  void rejectsTextThatIsNotADurationAsGoSays(String text, String message) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
