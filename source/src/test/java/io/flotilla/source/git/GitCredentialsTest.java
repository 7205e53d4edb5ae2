package io.flotilla.source.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flotilla.source.SourceException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a secret's keys become credentials, as fluxcd/pkg's NewAuthOptions reads them. */
class GitCredentialsTest {
  static Map<String, byte[]> data(String... kv) {
    Map<String, byte[]> m = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1].getBytes(UTF_8));
    return m;
  }

  @Test
  void caCrtWinsOverTheLegacyCaFile() throws Exception {
    GitCredentials c =
        GitCredentials.fromSecret("https://h/r.git", data("ca.crt", "A", "caFile", "B"));
    assertThat(new String(c.caCert(), UTF_8)).isEqualTo("A");
    assertThat(GitCredentials.fromSecret("https://h/r.git", data("caFile", "B")).caCert())
        .asString(UTF_8)
        .isEqualTo("B");
  }

  @Test
  void aBearerTokenReplacesBasicAuth() throws Exception {
    GitCredentials c =
        GitCredentials.fromSecret(
            "https://h/r.git", data("bearerToken", "t", "username", "u", "password", "p"));
    assertThat(c.hasBearer()).isTrue();
    assertThat(c.hasBasic()).isFalse();
  }

  @Test
  void sshTakesIdentityKnownHostsAndThePassphraseFromPassword() throws Exception {
    GitCredentials c =
        GitCredentials.fromSecret(
            "ssh://git@h/r.git",
            data("identity", "K", "known_hosts", "h ssh-ed25519 AAAA", "password", "pp"));
    assertThat(c.hasIdentity()).isTrue();
    assertThat(c.password()).isEqualTo("pp");
    assertThat(c.toString()).doesNotContain("pp").doesNotContain("K,");
  }

  @Test
  void missingKeysAreTerminalAuthenticationFailures() {
    SourceException e =
        catchThrowableOfType(
            SourceException.class,
            () -> GitCredentials.fromSecret("ssh://git@h/r.git", data("known_hosts", "x")));
    assertThat(e.reason()).isEqualTo("AuthenticationFailed");
    assertThat(e.terminal()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo(
            "failed to configure authentication options: invalid 'ssh' auth option: 'identity' is required");
  }

  @Test
  void sshUrlsWithoutAUserGetGit() {
    assertThat(GitUrls.withSshUser("ssh://h:2222/r.git")).isEqualTo("ssh://git@h:2222/r.git");
    assertThat(GitUrls.withSshUser("ssh://me@h/r.git")).isEqualTo("ssh://me@h/r.git");
    assertThat(GitUrls.withSshUser("https://h/r.git")).isEqualTo("https://h/r.git");
  }

  @Test
  void eventSubjectsAreTheFirstLineCutAtFiftyCharacters() {
    assertThat(GitFetchResult.shortMessage("fix: thing\n\nbody")).isEqualTo("fix: thing");
    assertThat(GitFetchResult.shortMessage("x".repeat(60))).isEqualTo("x".repeat(50) + "...");
  }
}
