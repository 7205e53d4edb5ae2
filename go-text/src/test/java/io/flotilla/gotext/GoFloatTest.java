package io.flotilla.gotext;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatTest {
  // what Go 1.19's strconv.FormatFloat(f, 'g', -1, 64) printed for each value; the doubles of
  // Flux's ExponentialBuckets(10e-9, 10, 10) are products, hence 9.999999999999999e-06
  @ParameterizedTest
  @CsvSource({
    "1.0E-8, 1e-08",
    "9.999999999999999E-6, 9.999999999999999e-06",
    "9.999999999999999E-5, 9.999999999999999e-05",
    "1.0E-4, 0.0001",
    "0.005, 0.005",
    "0.025, 0.025",
    "1.0, 1",
    "2.5, 2.5",
    "10.0, 10",
    "60.0, 60",
    "123456.0, 123456",
    "1000000.0, 1e+06",
    "1.5E7, 1.5e+07",
    "1.0E21, 1e+21",
    "-0.5, -0.5",
    "0.0, 0",
    "-0.0, -0",
    "1.7976931348623157E308, 1.7976931348623157e+308",
    "4.9E-324, 5e-324",
    "-1.23456789125E8, -1.23456789125e+08",
    "Infinity, +Inf",
    "-Infinity, -Inf",
    "NaN, NaN",
  })
  void formatsAsGo(double value, String go) {
    assertThat(GoFloat.format(value)).isEqualTo(go);
  }
}
