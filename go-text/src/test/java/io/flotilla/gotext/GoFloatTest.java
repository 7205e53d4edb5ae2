package io.flotilla.gotext;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
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

  // Go 1.19's strconv.FormatFloat(f, 'f', -1, 64) and json.Marshal(f) for each value
  @ParameterizedTest
  @CsvSource({
    "0.0, 0, 0",
    "-0.0, -0, -0",
    "1.0, 1, 1",
    "-2.5, -2.5, -2.5",
    "0.1, 0.1, 0.1",
    "1.0E-6, 0.000001, 0.000001",
    "9.99E-7, 0.000000999, 9.99e-7",
    "1.0E-7, 0.0000001, 1e-7",
    "1.23456789E8, 123456789, 123456789",
    "1.0E20, 100000000000000000000, 100000000000000000000",
    "1.0E21, 1000000000000000000000, 1e+21",
    "1.5E21, 1500000000000000000000, 1.5e+21",
    "1.152921504606846976E18, 1152921504606847000, 1152921504606847000",
    "1.23E-4, 0.000123, 0.000123",
    "-1.0E-10, -0.0000000001, -1e-10",
    "100.0, 100, 100",
  })
  void plainAndJsonAsGo(double value, String plain, String json) {
    assertThat(GoFloat.plain(value)).isEqualTo(plain);
    assertThat(GoFloat.json(value)).isEqualTo(json);
  }

  @Test
  void theSmallestSubnormalHasOneDigitAsInGo() {
    assertThat(GoFloat.plain(Double.MIN_VALUE)).isEqualTo("0." + "0".repeat(323) + "5");
    assertThat(GoFloat.json(Double.MIN_VALUE)).isEqualTo("5e-324");
  }
}
