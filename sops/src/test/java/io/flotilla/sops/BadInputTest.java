package io.flotilla.sops;

import static io.flotilla.sops.PublishedFilesTest.fluxAge;
import static io.flotilla.sops.PublishedFilesTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each way a SOPS document fails: a clear message, never a plain value. */
class BadInputTest {
  private static final String AGE_SECRET = resource("flux-age.yaml");

  /** An identity of our own (age-keygen), not the file's recipient. */
  private static final String OTHER_AGE_KEY =
      "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX\n";

  private static byte[] decrypt(String doc, SopsKeys keys, boolean mac) throws SopsException {
    return Sops.decrypt(doc.getBytes(StandardCharsets.UTF_8), Format.YAML, Format.YAML, keys, mac);
  }

  @Test
  void wrongAgeKey() {
    assertThatThrownBy(() -> decrypt(AGE_SECRET, SopsKeys.none().withAgeKeys(OTHER_AGE_KEY), true))
        .isInstanceOf(SopsException.class)
        .hasMessage(
            "cannot get sops data key: age recipient"
                + " age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29:"
                + " no identity matched any of the recipients");
  }

  @Test
  void noKeysAtAll() {
    assertThatThrownBy(() -> decrypt(AGE_SECRET, SopsKeys.none(), true))
        .hasMessageContaining("no age identity imported (*.agekey)");
  }

  @Test
  void tamperedCiphertextFailsTheGcmTag() {
    String tampered = AGE_SECRET.replace("data:mHeXsmQ=", "data:nHeXsmQ=");
    assertThatThrownBy(() -> decrypt(tampered, fluxAge(), false))
        .hasMessage(
            "error decrypting sops tree: could not decrypt value at 'stringData:key' with AES_GCM:"
                + " cipher: message authentication failed (the value was altered, moved to"
                + " another key, or the data key is wrong)");
  }

  @Test
  void aValueMovedToAnotherKeyFailsItsPath() {
    String moved = AGE_SECRET.replace("  key: ENC[", "  other: ENC[");
    assertThatThrownBy(() -> decrypt(moved, fluxAge(), false))
        .hasMessageContaining("at 'stringData:other'")
        .hasMessageContaining("message authentication failed");
  }

  @Test
  void macMismatchWhenAPlainValueChanged() throws Exception {
    String renamed = AGE_SECRET.replace("name: age", "name: changed");
    assertThatThrownBy(() -> decrypt(renamed, fluxAge(), true))
        .hasMessage(
            "failed to verify sops data integrity: the MAC does not match the values"
                + " (a value was changed, added or removed after encryption)");
    // without the check (built resources) the same document decrypts
    assertThat(new String(decrypt(renamed, fluxAge(), false), StandardCharsets.UTF_8))
        .contains("key: value");
  }

  @Test
  void unsupportedKeyType() {
    String kms =
        """
        data: ENC[AES256_GCM,data:mHeXsmQ=,iv:vUMpILz3xchORqkzDFvgwENY7EqIHHGJdEF6C8xqbFE=,tag:IroV7hykADvD0IUaq6kikA==,type:str]
        sops:
          kms:
            - arn: arn:aws:kms:us-east-1:000000000000:key/k
              enc: AQICAHg=
          lastmodified: "2024-11-12T13:33:42Z"
          mac: ENC[AES256_GCM,data:AA==,iv:AA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]
          version: 3.9.0
        """;
    assertThatThrownBy(() -> decrypt(kms, fluxAge(), true))
        .hasMessage(
            "cannot get sops data key: kms key arn:aws:kms:us-east-1:000000000000:key/k:"
                + " key type 'kms' is not supported by Flotilla (supported: age, pgp, azure_kv,"
                + " hc_vault)");
  }

  @Test
  void noMetadata() {
    assertThatThrownBy(() -> decrypt("a: b\n", fluxAge(), true))
        .hasMessage("failed to load encrypted YAML data: sops metadata not found");
  }
}
