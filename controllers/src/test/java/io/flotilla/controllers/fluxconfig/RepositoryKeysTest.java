package io.flotilla.controllers.fluxconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.arm.GitRepositoryDefinition;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryKeysTest {
  private static GitRepositoryDefinition git(String url, String localAuthRef) {
    return new GitRepositoryDefinition(url, null, null, null, null, null, null, localAuthRef, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ssh://git@github.com/org/repo.git", "git@github.com:org/repo.git"})
  void sshUrlsAreTheSchemeFormAndTheScpLikeForm(String url) {
    assertThat(RepositoryKeys.isSshUrl(url)).isTrue();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"https://github.com/org/repo.git", "http://user@host:8080/repo.git"})
  void httpUrlsAndNoUrlAreNotSsh(String url) {
    assertThat(RepositoryKeys.isSshUrl(url)).isFalse();
  }

  @Test
  void aKeyIsGeneratedOnlyForSshWithNeitherAKeyNorALocalAuthRef() {
    String ssh = "ssh://git@github.com/org/repo.git";
    assertThat(RepositoryKeys.needsGenerated(git(ssh, null), Map.of())).isTrue();
    assertThat(RepositoryKeys.needsGenerated(git(ssh, null), Map.of("sshPrivateKey", "x")))
        .isFalse();
    assertThat(RepositoryKeys.needsGenerated(git(ssh, "my-secret"), Map.of())).isFalse();
    assertThat(RepositoryKeys.needsGenerated(git("https://h/r.git", null), Map.of())).isFalse();
  }

  @Test
  void theGeneratedPairIsRsaAndItsPublicLineIsWhatThePrivateKeyYields() {
    RepositoryKeys.Material m = RepositoryKeys.generate();
    assertThat(m.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(m.publicKeyLine()).matches("ssh-rsa AAAA[A-Za-z0-9+/=]+");
    assertThat(RepositoryKeys.publicKeyOf(m.privateKeyPem())).isEqualTo(m.publicKeyLine());
  }

  @Test
  void anUnreadableUserKeyHasNoPublicKey() {
    assertThat(RepositoryKeys.publicKeyOf("not a key")).isNull();
  }
}
