package io.flotilla.server.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentControllerTest {
  @ParameterizedTest(name = "If-None-Match [{0}] vs {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"7\"|\"7\"|true",
        "7|\"7\"|true",
        "W/\"7\"|\"7\"|true",
        "\"6\", \"7\"|\"7\"|true",
        "\"6\"|\"7\"|false",
        "|\"7\"|false"
      })
  void ifNoneMatchComparesQuotedWeakAndListedTags(String header, String etag, boolean match) {
    assertThat(AgentController.matches(header, etag)).isEqualTo(match);
  }

  @Test
  void waitSecondsIsCappedAt60() {
    assertThat(AgentController.waitSeconds(null)).isZero();
    assertThat(AgentController.waitSeconds("5")).isEqualTo(5);
    assertThat(AgentController.waitSeconds("600")).isEqualTo(60);
    assertThatThrownBy(() -> AgentController.waitSeconds("-3"))
        .hasMessageContaining("waitSeconds must be a whole number of seconds (0-60), got '-3'");
    assertThatThrownBy(() -> AgentController.waitSeconds("soon"))
        .hasMessageContaining("waitSeconds must be a whole number");
  }
}
