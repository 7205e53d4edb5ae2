package io.flotilla.sops;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

/**
 * The credentials a decryption may use: age identities, OpenPGP secret keys, an Azure Key Vault
 * token and a Vault token. Immutable; each {@code with…} returns a copy. {@link #toString()} never
 * shows key material.
 */
public final class SopsKeys {
  private final List<Age.Identity> age;
  private final List<PGPSecretKeyRing> pgp;
  private final AzureToken azure;
  private final String vaultToken;
  private final HttpClient http;

  private SopsKeys(
      List<Age.Identity> age,
      List<PGPSecretKeyRing> pgp,
      AzureToken azure,
      String vaultToken,
      HttpClient http) {
    this.age = List.copyOf(age);
    this.pgp = List.copyOf(pgp);
    this.azure = azure;
    this.vaultToken = vaultToken;
    this.http = http;
  }

  public static SopsKeys none() {
    return new SopsKeys(List.of(), List.of(), null, null, null);
  }

  /** Adds the identities of an age key file ({@code *.agekey}). */
  public SopsKeys withAgeKeys(String ageKeyFile) throws SopsException {
    List<Age.Identity> more = new ArrayList<>(age);
    more.addAll(Age.identities(ageKeyFile));
    return new SopsKeys(more, pgp, azure, vaultToken, http);
  }

  /** Adds the secret keys of an armored OpenPGP key block ({@code *.asc}). */
  public SopsKeys withPgpKeys(byte[] armored) throws SopsException {
    List<PGPSecretKeyRing> more = new ArrayList<>(pgp);
    more.addAll(Pgp.keyRings(armored));
    return new SopsKeys(age, more, azure, vaultToken, http);
  }

  public SopsKeys withPgpKeys(String armored) throws SopsException {
    return withPgpKeys(armored.getBytes(StandardCharsets.US_ASCII));
  }

  public SopsKeys withAzureToken(AzureToken token) {
    return new SopsKeys(age, pgp, token, vaultToken, http);
  }

  public SopsKeys withVaultToken(String token) {
    return new SopsKeys(age, pgp, azure, token, http);
  }

  /** The client for Key Vault and Vault calls (tests pass one that trusts their CA). */
  public SopsKeys withHttpClient(HttpClient client) {
    return new SopsKeys(age, pgp, azure, vaultToken, client);
  }

  List<Age.Identity> age() {
    return age;
  }

  List<PGPSecretKeyRing> pgp() {
    return pgp;
  }

  AzureToken azure() {
    return azure;
  }

  String vaultToken() {
    return vaultToken;
  }

  HttpClient http() {
    return http != null
        ? http
        : HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String toString() {
    return "SopsKeys[age=%d, pgp=%d, azure=%s, vault=%s]"
        .formatted(age.size(), pgp.size(), azure != null, vaultToken != null);
  }
}
