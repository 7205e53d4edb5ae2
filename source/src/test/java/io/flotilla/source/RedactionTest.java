package io.flotilla.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void stripsUserAndPasswordFromUrls() {
    assertThat(Redaction.url("https://bob:s3cret@git.example.com/org/repo.git"))
        .isEqualTo("https://git.example.com/org/repo.git");
    assertThat(Redaction.url("ssh://git@host/repo")).isEqualTo("ssh://git@host/repo");
    assertThat(Redaction.url("ssh://git:pw@host/repo")).isEqualTo("ssh://host/repo");
    assertThat(Redaction.url("https://ghp_token@host/repo")).isEqualTo("https://host/repo");
    assertThat(Redaction.url("https://git.example.com/repo"))
        .isEqualTo("https://git.example.com/repo");
  }

  @Test
  void stripsUserInfoInsideMessagesAndNamedSecrets() {
    String msg =
        Redaction.message(
            "unable to clone 'https://bob:s3cret@h/r': auth s3cret failed token abcdef", "abcdef");
    assertThat(msg).isEqualTo("unable to clone 'https://h/r': auth s3cret failed token ***");
    assertThat(msg).doesNotContain("bob:");
  }

  @Test
  void exceptionMessagesAndCausesAreRedacted() {
    SourceException e =
        SourceException.retryable(
            "GitOperationFailed",
            "failed https://u:p4ss@h/x",
            new RuntimeException("inner https://u:p4ss@h/x"));
    assertThat(e.getMessage()).isEqualTo("failed https://h/x");
    assertThat(e.getCause().getMessage()).doesNotContain("p4ss").contains("https://h/x");
    assertThat(e.reason()).isEqualTo("GitOperationFailed");
    assertThat(e.terminal()).isFalse();
  }
}
