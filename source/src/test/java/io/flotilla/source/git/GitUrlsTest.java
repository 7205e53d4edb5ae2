package io.flotilla.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.source.SourceException;
import org.junit.jupiter.api.Test;

class GitUrlsTest {
  @Test
  void acceptsTheSupportedSchemes() throws SourceException {
    for (String url :
        new String[] {
          "https://github.com/org/repo",
          "http://127.0.0.1:8080/repo.git",
          "ssh://git@github.com/org/repo.git",
          "git://127.0.0.1:9418/repo.git",
          "file:///tmp/repo.git"
        }) {
      assertThat(GitUrls.validate(url)).isNotNull();
    }
  }

  @Test
  void scpLikeSyntaxIsRefusedWithTheSshFormToUse() {
    assertThatThrownBy(() -> GitUrls.validate("git@github.com:org/repo.git"))
        .isInstanceOf(SourceException.class)
        .hasMessage(
            "URL 'git@github.com:org/repo.git' uses the scp-like syntax, which is not supported:"
                + " write it as 'ssh://git@github.com/org/repo.git'")
        .satisfies(
            e -> {
              assertThat(((SourceException) e).reason()).isEqualTo("URLInvalid");
              assertThat(((SourceException) e).terminal()).isTrue();
            });
  }

  @Test
  void unsupportedSchemeNamesTheAlternatives() {
    assertThatThrownBy(() -> GitUrls.validate("ftp://host/repo"))
        .hasMessageContaining("unsupported scheme 'ftp'")
        .hasMessageContaining("https://");
  }

  @Test
  void invalidUrlMessagesDoNotShowCredentials() {
    assertThatThrownBy(() -> GitUrls.validate("ftp://bob:s3cret@host/repo"))
        .hasMessageNotContaining("s3cret")
        .hasMessageContaining("ftp://host/repo");
  }

  @Test
  void emptyUrlNamesTheField() {
    assertThatThrownBy(() -> GitUrls.validate(" ")).hasMessageContaining("spec.url");
  }
}
