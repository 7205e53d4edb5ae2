package io.flotilla.kube.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Offsets as Go's {@code base64.StdEncoding} reports them in {@code CorruptInputError}. */
class GoBase64Test {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|-1",
        "YWRtaW4=|-1",
        "YWRtaW4K|-1",
        "YQ==|-1",
        "root|-1",
        "admin|4",
        "billy|4",
        "wombat|4",
        "<foo>|0",
        "${PASSWORD_B64}|0",
        "YWRtaW4|4",
        "YQ=|3",
        "YQ=x|2",
        "Y===|1",
        "YWJj=|4",
        "YQ==YQ==|4",
        "YW Jj|2",
        "YWJjé|4",
      })
  void reportsTheOffsetGoDoes(String input, int offset) {
    assertThat(GoBase64.corruptAt(input)).isEqualTo(offset);
  }

  @ParameterizedTest
  @CsvSource({"'YWRt\naW4=', -1", "'YWRtaW4=\r\n', -1", "'YQ=\n=', -1", "'YQ==\nx', 5"})
  void skipsLineBreaksAnywhere(String input, int offset) {
    assertThat(GoBase64.corruptAt(input)).isEqualTo(offset);
  }
}
