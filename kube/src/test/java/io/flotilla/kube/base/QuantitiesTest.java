package io.flotilla.kube.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Quantities as {@code resource.Quantity.String()} prints them after kube-apiserver parsed them.
 */
class QuantitiesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1024Mi|1Gi",
        "1Gi|1Gi",
        "1536Mi|1536Mi",
        "1.5Gi|1536Mi",
        "0.5Gi|512Mi",
        "2048Ki|2Mi",
        "512Ki|512Ki",
        "0.5Ki|512",
        "1023Ki|1023Ki",
        "1048576Ei|1048576Ei",
        "1000|1k",
        "1500|1500",
        "1.5G|1500M",
        "0.5|500m",
        "100m|100m",
        "2000m|2",
        "0.1m|100u",
        "1e3|1e3",
        "1000e0|1e3",
        "1.5e3|1500",
        "1E|1E",
        "0|0",
        "0Gi|0",
        "-1024Mi|-1Gi",
        "0.0000000001|1n",
        "+5|5",
        "10Gi|10Gi",
        "abc|abc",
        "5Gb|5Gb",
        "''|''",
      })
  void printsTheCanonicalForm(String written, String printed) {
    assertThat(Quantities.canonical(written)).isEqualTo(printed);
  }
}
