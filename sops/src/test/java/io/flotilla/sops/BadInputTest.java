package io.flotilla.sops;

import static io.flotilla.sops.PublishedFilesTest.fluxAge;
import static io.flotilla.sops.PublishedFilesTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.kustomize.Yaml;
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

  /** OTHER_AGE_KEY as {@code age -p -a} wrote it with the passphrase "correct horse". */
  private static final String PASSPHRASE_PROTECTED_KEY =
      """
      -----BEGIN AGE ENCRYPTED FILE-----
      YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IHNjcnlwdCBKUTNCanprN0lPMnFmOXc5
      dktubDl3IDE4CmxiNVlDZkxITnBZd0kxRzRHUFU4WWVFSm9TSCswcm1mVy9oOTdT
      ZjJLbncKLS0tIG1IcENqOGF6YnVrTXdoSUJRWHUvNUF2TmgvemVlZDhPcG5FUmc2
      N24vT1EK9Z2OFbyTEPCyFssCdCohr2fxRaxycf8V1zGIK7Ce3ymKti19XF4QQs3N
      A4rpAL504m2PSsIpqIpZsCkymXvTukFcoJ+k7IgGtqBuzITl1L3oXrBnEnpEcxtY
      VS3UFDQMdhEeSGdTPhyosG8=
      -----END AGE ENCRYPTED FILE-----
      """;

  @Test
  void aPassphraseProtectedAgeKeyFileIsNamed() throws Exception {
    assertThatThrownBy(() -> SopsKeys.none().withAgeKeys(PASSPHRASE_PROTECTED_KEY))
        .isInstanceOf(SopsException.class)
        .hasMessage(
            "the age key file is protected by a passphrase (scrypt stanza), which is not"
                + " supported: decrypt it with 'age -d' and store the AGE-SECRET-KEY-1 lines it"
                + " holds");
    String ageFile = Yaml.read(AGE_SECRET).get(0).at("/sops/age/0/enc").asText();
    assertThatThrownBy(() -> SopsKeys.none().withAgeKeys(ageFile))
        .hasMessageStartingWith("the age key file is an age-encrypted file, not AGE-SECRET-KEY-1");
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
