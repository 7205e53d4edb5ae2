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

  @ParameterizedTest
  @CsvSource({"10", "1d", "m5", "5m junk"})
  void rejectsTextThatIsNotADuration(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
