package io.flotilla.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProtectedSettingsCipherTest {
  final ProtectedSettingsCipher cipher = new ProtectedSettingsCipher(new byte[32]);

  @Test
  void roundTripsAndNeverShowsTheClearText() {
    String sealed = cipher.encrypt("{\"sshPrivateKey\":\"secret\"}", "row-1");
    assertThat(sealed).startsWith("v1:").doesNotContain("secret");
    assertThat(cipher.decrypt(sealed, "row-1")).isEqualTo("{\"sshPrivateKey\":\"secret\"}");
    assertThat(cipher.encrypt("same", "row-1")).isNotEqualTo(cipher.encrypt("same", "row-1"));
  }

  @Test
  void aCiphertextMovedToAnotherRowOrKeyDoesNotDecrypt() {
    String sealed = cipher.encrypt("x", "row-1");
    assertThatThrownBy(() -> cipher.decrypt(sealed, "row-2"))
        .hasMessageContaining("cannot decrypt");
    byte[] other = new byte[32];
    other[0] = 1;
    assertThatThrownBy(() -> new ProtectedSettingsCipher(other).decrypt(sealed, "row-1"))
        .hasMessageContaining("wrong encryption key");
  }

  @Test
  void onlyAes256KeysAreAccepted() {
    assertThatThrownBy(() -> new ProtectedSettingsCipher(new byte[16]))
        .hasMessageContaining("32 bytes");
  }
}
