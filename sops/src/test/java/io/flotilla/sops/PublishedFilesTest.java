package io.flotilla.sops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Files written by the real {@code sops} (no sops binary can be installed here), read from their
 * publishers: {@code published/flux-*} are fluxcd/kustomize-controller's
 * internal/controller/testdata/sops/algorithms/{age,pgp}.yaml (sops 3.9.0) with the keys of its
 * internal/decryptor/testdata; {@code published/sops-format.enc.*} are getsops/sops'
 * functional-tests/res/format.enc.{yaml,json,env,ini} (sops 3.13) with its
 * pgp/sops_functional_tests_key.asc (first key only). Each is decrypted with the MAC checked.
 */
class PublishedFilesTest {
  static String resource(String name) {
    try (InputStream in = PublishedFilesTest.class.getResourceAsStream("/published/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static SopsKeys fluxAge() throws SopsException {
    return SopsKeys.none().withAgeKeys(resource("flux-age.agekey"));
  }

  static SopsKeys sopsPgp() throws SopsException {
    return SopsKeys.none().withPgpKeys(resource("sops-functional-tests.asc"));
  }

  static String decrypt(String file, Format in, Format out, SopsKeys keys) throws SopsException {
    return new String(
        Sops.decrypt(resource(file).getBytes(StandardCharsets.UTF_8), in, out, keys, true),
        StandardCharsets.UTF_8);
  }

  @Test
  void ageEncryptedSecretFromFlux() throws Exception {
    assertThat(decrypt("flux-age.yaml", Format.YAML, Format.YAML, fluxAge()))
        .isEqualTo(
            """
            apiVersion: v1
            kind: Secret
            metadata:
              name: age
            stringData:
              key: value
            """);
  }

  @Test
  void pgpEncryptedSecretFromFlux() throws Exception {
    SopsKeys keys = SopsKeys.none().withPgpKeys(resource("flux-pgp.asc"));
    assertThat(decrypt("flux-pgp.yaml", Format.YAML, Format.YAML, keys))
        .contains("name: pgp\n")
        .endsWith("stringData:\n  key: value\n")
        .doesNotContain("sops");
  }

  @Test
  void everyFormatOfSops313() throws Exception {
    assertThat(decrypt("sops-format.enc.yaml", Format.YAML, Format.YAML, sopsPgp()))
        .isEqualTo("foo: bar\n");
    assertThat(decrypt("sops-format.enc.json", Format.JSON, Format.JSON, sopsPgp()))
        .isEqualToIgnoringWhitespace("{\"foo\": \"bar\"}");
    // the published dotenv's key is "foo " and its value " bar": both kept byte for byte
    assertThat(decrypt("sops-format.enc.env", Format.DOTENV, Format.DOTENV, sopsPgp()))
        .isEqualTo("foo = bar\n");
    assertThat(decrypt("sops-format.enc.ini", Format.INI, Format.INI, sopsPgp()))
        .isEqualTo("[foo]\nbar = baz\n\n");
  }

  @Test
  void aFormatIsWrittenAsAnother() throws Exception {
    assertThat(decrypt("sops-format.enc.json", Format.JSON, Format.YAML, sopsPgp()))
        .isEqualTo("foo: bar\n");
  }
}
