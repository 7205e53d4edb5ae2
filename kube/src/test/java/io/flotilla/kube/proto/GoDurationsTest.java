package io.flotilla.kube.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** metav1.Duration text read as Go's time.ParseDuration reads it, errors in its words. */
class GoDurationsTest {
  @ParameterizedTest
  @CsvSource({
    "2.3h,8280000000000",
    "1.5ns,1",
    "-1.5ns,-1",
    ".5s,500000000",
    "1.s,1000000000",
    "+1m,60000000000",
    "-0,0",
    "1\u03bcs,1000",
    "-2562047h47m16.854775808s,-9223372036854775808"
  })
  void parsesAsGoParses(String text, long nanos) {
    assertThat(GoDurations.parse(text, "d")).isEqualTo(nanos);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10|d: time: missing unit in duration \"10\"",
        "1x|d: time: unknown unit \"x\" in duration \"1x\"",
        "1.2.3s|d: time: missing unit in duration \"1.2.3s\"",
        ".s|d: time: invalid duration \".s\"",
        "3000000h|d: time: invalid duration \"3000000h\"",
        "2562047h47m16.854775808s|d: time: invalid duration \"2562047h47m16.854775808s\""
      })
  void refusesAsGoRefuses(String text, String message) {
    assertThatThrownBy(() -> GoDurations.parse(text, "d")).hasMessage(message);
  }
}
