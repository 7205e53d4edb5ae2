package io.flotilla.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {
  @TempDir Path dir;

  @Test
  void adminTokenIsCreatedOnceAndReused() {
    String first = KeyMaterial.adminToken(dir);
    assertThat(first).startsWith("flt_admin_").hasSizeGreaterThan(40);
    assertThat(KeyMaterial.adminToken(dir)).isEqualTo(first);
  }

  @Test
  void encryptionKeyComesFromTheEnvironmentWhenSet() {
    byte[] key = new byte[32];
    key[0] = 7;
    String b64 = Base64.getEncoder().encodeToString(key);
    assertThat(
            KeyMaterial.encryptionKey(dir, n -> n.equals("FLOTILLA_ENCRYPTION_KEY") ? b64 : null))
        .isEqualTo(key);
    assertThat(dir.resolve("encryption-key")).doesNotExist();
  }

  @Test
  void encryptionKeyFileIsCreatedOnceAndReused() {
    byte[] first = KeyMaterial.encryptionKey(dir, n -> null);
    assertThat(first).hasSize(32);
    assertThat(KeyMaterial.encryptionKey(dir, n -> null)).isEqualTo(first);
  }

  @Test
  void badKeysAreExplained() {
    assertThatThrownBy(() -> KeyMaterial.encryptionKey(dir, n -> "not base64!"))
        .hasMessageContaining("FLOTILLA_ENCRYPTION_KEY")
        .hasMessageContaining("not valid base64");
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> KeyMaterial.encryptionKey(dir, n -> short16))
        .hasMessageContaining("decodes to 16 bytes")
        .hasMessageContaining("exactly 32 bytes");
  }
}
