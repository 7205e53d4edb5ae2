package io.flotilla.cli.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.cli.CliException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtectedSettingsTest {
  @TempDir Path dir;

  static String pem(String algorithm) throws Exception {
    var generator = KeyPairGenerator.getInstance(algorithm);
    byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END PRIVATE KEY-----\n";
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void httpsKeyIsBase64OfTheClearValue() {
    assertThat(ProtectedSettings.of(null, null, "p@ss word", null))
        .isEqualTo(Map.of("httpsKey", "cEBzcyB3b3Jk"));
  }

  @Test
  void bucketSecretKeyIsBase64OfTheClearValue() {
    assertThat(ProtectedSettings.of(null, null, null, "secret"))
        .isEqualTo(Map.of("bucketSecretKey", "c2VjcmV0"));
  }

  @Test
  void nothingGivenMeansNoProtectedSettings() {
    assertThat(ProtectedSettings.of(null, null, null, null)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RSA", "EC", "Ed25519"})
  void anSshKeyGivenInlineIsSentAsGiven(String algorithm) throws Exception {
    String key = b64(pem(algorithm));
    assertThat(ProtectedSettings.of(key, null, null, null)).isEqualTo(Map.of("sshPrivateKey", key));
  }

  @Test
  void anSshKeyFileIsBase64OfTheFileWithItsNewlines() throws Exception {
    String pem = pem("RSA");
    Path file = Files.writeString(dir.resolve("id_rsa"), pem);
    assertThat(ProtectedSettings.of(null, file.toString(), null, null))
        .isEqualTo(Map.of("sshPrivateKey", b64(pem)));
  }

  @Test
  void anOpenSshKeyIsAccepted() {
    byte[] body = "openssh-key-v1\0rest-of-key".getBytes(StandardCharsets.ISO_8859_1);
    String pem =
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + Base64.getEncoder().encodeToString(body)
            + "\n-----END OPENSSH PRIVATE KEY-----\n";
    assertThat(ProtectedSettings.of(b64(pem), null, null, null)).containsKey("sshPrivateKey");
  }

  @Test
  void anSshKeyThatIsNotAPrivateKeyIsRejected() {
    assertThatThrownBy(() -> ProtectedSettings.of(b64("ssh-rsa AAAA me@host"), null, null, null))
        .hasMessage("Error! --ssh-private-key provided in invalid format")
        .extracting(e -> ((CliException) e).recommendations())
        .asList()
        .containsExactly(
            "Verify the key provided is a valid PEM-formatted key of type RSA, ECC, DSA, or"
                + " Ed25519");
  }

  @Test
  void knownHostsAndCaFilesAreBase64OfTheStrippedContent() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "\n  CERT DATA \n\n");
    assertThat(KeyData.fromKeyOrFile(null, ca.toString(), true)).isEqualTo(b64("CERT DATA"));
    assertThat(KeyData.fromKeyOrFile("Q0VSVA==", null, true)).isEqualTo("Q0VSVA==");
  }
}
