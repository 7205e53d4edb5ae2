package io.flotilla.gotext;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "PT0S, 0s",
    "PT-1.5S, 0s",
    "PT-2S, <invalid>",
    "PT59S, 59s",
    "PT59.9S, 59s",
    "PT119S, 119s",
    "PT120S, 2m",
    "PT125S, 2m5s",
    "PT303S, 5m3s",
    "PT300S, 5m",
    "PT9M59S, 9m59s",
    "PT10M30S, 10m",
    "PT42M, 42m",
    "PT179M, 179m",
    "PT185M, 3h5m",
    "PT3H, 3h",
    "PT3H5M, 3h5m",
    "PT5H, 5h",
    "PT7H59M, 7h59m",
    "PT8H30M, 8h",
    "PT47H, 47h",
    "PT48H, 2d",
    "PT53H, 2d5h",
    "P3D, 3d",
    "P3DT4H, 3d4h",
    "PT191H, 7d23h",
    "PT192H, 8d",
    "P10D, 10d",
    "PT17519H, 729d",
    "PT17520H, 2y",
    "P730D, 2y",
    "PT17760H, 2y10d",
    "P800D, 2y70d",
    "P3000D, 8y",
    "PT70080H, 8y",
    "PT87600H, 10y",
  })
  void agesAsApimachineryPrintsThem(Duration d, String printed) {
    assertThat(HumanDuration.of(d)).isEqualTo(printed);
  }
}
