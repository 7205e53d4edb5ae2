package io.flotilla.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitErrorsTest {
  /** spec.timeout comes back as Go writes it: 1m30s, not 90s; 1.5s, not 1500ms. */
  @ParameterizedTest
  @CsvSource({"90000,1m30s", "1500,1.5s", "60000,1m0s", "1000,1s"})
  void aTimeoutSaysTheTimeoutAsGoWritesIt(long millis, String go) {
    String message =
        GitErrors.describe(
            new SocketTimeoutException("Read timed out"),
            null,
            Duration.ofMillis(millis),
            "https://example.com/org/repo.git");
    assertThat(message).isEqualTo("context deadline exceeded (timeout " + go + "): Read timed out");
  }
}
