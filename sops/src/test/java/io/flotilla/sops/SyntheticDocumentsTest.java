package io.flotilla.sops;

import static io.flotilla.sops.PublishedFilesTest.fluxAge;
import static io.flotilla.sops.PublishedFilesTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.flotilla.kustomize.Yaml;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Documents written here the way sops writes them (SOPS' value cipher and MAC), under the data key
 * of Flux's published age file so that its age stanza still opens them: the value types, the binary
 * and dotenv stores, mac_only_encrypted, Shamir key groups and Vault transit.
 */
class SyntheticDocumentsTest {
  private static final String LAST_MODIFIED = "2024-11-12T13:33:42Z";

  /** The published file's age stanza and its data key. */
  private static final String AGE_GROUP;

  private static final byte[] KEY;

  static {
    try {
      JsonNode sops = Yaml.read(resource("flux-age.yaml")).get(0).get("sops");
      String enc = sops.path("age").get(0).path("enc").asText();
      KEY = Age.decrypt(enc, Age.identities(resource("flux-age.agekey")));
      StringBuilder g = new StringBuilder("  age:\n    - recipient: ");
      g.append(sops.path("age").get(0).path("recipient").asText()).append("\n      enc: |\n");
      for (String line : enc.split("\n")) {
        g.append("        ").append(line).append('\n');
      }
      AGE_GROUP = g.toString();
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static String enc(String plain, String type, String path) throws Exception {
    byte[] iv = new byte[32];
    iv[0] = (byte) path.length();
    return ValueCipher.encrypt(plain.getBytes(StandardCharsets.UTF_8), type, KEY, iv, path);
  }

  private static String mac(boolean onlyEncrypted, byte[]... values) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-512");
    if (onlyEncrypted) {
      sha.update(
          HexFormat.of()
              .parseHex("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69"));
    }
    for (byte[] v : values) {
      sha.update(v);
    }
    String hex = HexFormat.of().withUpperCase().formatHex(sha.digest());
    return ValueCipher.encrypt(
        hex.getBytes(StandardCharsets.US_ASCII), "str", KEY, new byte[32], LAST_MODIFIED);
  }

  /** A YAML document decrypted to YAML with {@code keys}, the MAC checked. */
  private static byte[] decryptYaml(String doc, SopsKeys keys) throws SopsException {
    return Sops.decrypt(b(doc), Format.YAML, Format.YAML, keys, true);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String yamlDoc(String body, String macValue, String extra) {
    return body
        + "sops:\n"
        + AGE_GROUP
        + "  lastmodified: \""
        + LAST_MODIFIED
        + "\"\n  mac: "
        + macValue
        + "\n"
        + extra
        + "  version: 3.9.0\n";
  }

  @Test
  void valueTypesAndTheUnencryptedSuffix() throws Exception {
    String body =
        "replicas: "
            + enc("3", "int", "replicas:")
            + "\nratio: "
            + enc("0.5", "float", "ratio:")
            + "\nenabled: "
            + enc("True", "bool", "enabled:")
            + "\nlist:\n  - "
            + enc("a", "str", "list:")
            + "\nnote_unencrypted: left as is\n";
    String doc =
        yamlDoc(
            body,
            mac(false, b("3"), b("0.5"), b("True"), b("a"), b("left as is")),
            "  unencrypted_suffix: _unencrypted\n");
    String plain =
        new String(
            Sops.decrypt(b(doc), Format.YAML, Format.YAML, fluxAge(), true),
            StandardCharsets.UTF_8);
    // written as sigs.k8s.io/yaml writes (keys sorted); the MAC was checked in document order
    assertThat(plain)
        .isEqualTo(
            "enabled: true\nlist:\n- a\nnote_unencrypted: left as is\nratio: 0.5\nreplicas: 3\n");
  }

  @Test
  void macOnlyEncryptedHashesTheEncryptedValuesOnly() throws Exception {
    String body = "secret: " + enc("s3cr3t", "str", "secret:") + "\nplain_unencrypted: x\n";
    String doc =
        yamlDoc(
            body,
            mac(true, b("s3cr3t")),
            "  unencrypted_suffix: _unencrypted\n  mac_only_encrypted: true\n");
    assertThat(new String(Sops.decrypt(b(doc), Format.YAML, Format.JSON, fluxAge(), true)))
        .contains("\"secret\" : \"s3cr3t\"");
  }

  @Test
  void binaryKeepsEveryByteAndDotenvEscapesLineBreaks() throws Exception {
    String data = "line one\nline two\n";
    String json =
        "{\"data\": \""
            + enc(data, "str", "data:")
            + "\", \"sops\": {\"age\": [{\"recipient\": \"r\", \"enc\": "
            + new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(
                    Yaml.read(resource("flux-age.yaml")).get(0).at("/sops/age/0/enc").asText())
            + "}], \"lastmodified\": \""
            + LAST_MODIFIED
            + "\", \"mac\": \""
            + mac(false, b(data))
            + "\", \"unencrypted_suffix\": \"_unencrypted\", \"version\": \"3.9.0\"}}";
    assertThat(Sops.decrypt(b(json), Format.BINARY, Format.BINARY, fluxAge(), true))
        .isEqualTo(b(data));
    assertThat(new String(Sops.decrypt(b(json), Format.JSON, Format.DOTENV, fluxAge(), true)))
        .isEqualTo("data=line one\\nline two\\n\n");
  }

  @Test
  void shamirCombinesTheGroupsParts() throws Exception {
    byte[] secret = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    byte[][] coefficients = {HexFormat.of().parseHex("0f1e2d3c4b5a69788796a5b4c3d2e1f0")};
    byte[] p1 = new byte[secret.length + 1];
    byte[] p2 = new byte[secret.length + 1];
    p1[secret.length] = 1;
    p2[secret.length] = 2;
    for (int i = 0; i < secret.length; i++) {
      int a = coefficients[0][i] & 0xff;
      p1[i] = (byte) ((secret[i] & 0xff) ^ DataKey.Shamir.mult(a, 1));
      p2[i] = (byte) ((secret[i] & 0xff) ^ DataKey.Shamir.mult(a, 2));
    }
    assertThat(DataKey.Shamir.combine(List.of(p2, p1))).isEqualTo(secret);
  }

  @Test
  void vaultTransitDecryptsWithTheToken() throws Exception {
    HttpServer vault = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    vault.createContext(
        "/v1/transit/decrypt/sops",
        ex -> {
          boolean ok = "s.token".equals(ex.getRequestHeaders().getFirst("X-Vault-Token"));
          byte[] answer =
              (ok
                      ? "{\"data\":{\"plaintext\":\""
                          + Base64.getEncoder().encodeToString(KEY)
                          + "\"}}"
                      : "{\"errors\":[\"permission denied\"]}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(ok ? 200 : 403, answer.length);
          ex.getResponseBody().write(answer);
          ex.close();
        });
    vault.start();
    try {
      String address = "http://127.0.0.1:" + vault.getAddress().getPort();
      String doc =
          "secret: "
              + enc("s3cr3t", "str", "secret:")
              + "\nsops:\n  hc_vault:\n    - vault_address: "
              + address
              + "\n      engine_path: transit\n      key_name: sops\n      created_at: \""
              + LAST_MODIFIED
              + "\"\n      enc: vault:v1:abc\n  lastmodified: \""
              + LAST_MODIFIED
              + "\"\n  mac: "
              + mac(false, b("s3cr3t"))
              + "\n  unencrypted_suffix: _unencrypted\n  version: 3.9.0\n";
      assertThat(new String(decryptYaml(doc, SopsKeys.none().withVaultToken("s.token"))))
          .isEqualTo("secret: s3cr3t\n");
      assertThatThrownBy(() -> decryptYaml(doc, SopsKeys.none().withVaultToken("wrong")))
          .hasMessage(
              "cannot get sops data key: hc_vault key "
                  + address
                  + "/v1/transit/keys/sops: Vault answered 403: [\"permission denied\"]");
    } finally {
      vault.stop(0);
    }
  }

  @Test
  void aKeyVaultTokenGoesOnlyToKeyVaultHosts() {
    String doc =
        "secret: x\nsops:\n  azure_kv:\n    - vault_url: https://attacker.example.com\n"
            + "      name: k\n      version: v\n      enc: AAAA\n  lastmodified: \""
            + LAST_MODIFIED
            + "\"\n  mac: x\n  version: 3.9.0\n";
    assertThatThrownBy(() -> decryptYaml(doc, SopsKeys.none().withAzureToken(() -> "token")))
        .hasMessage(
            "cannot get sops data key: azure_kv key https://attacker.example.com/keys/k/v:"
                + " vault_url 'https://attacker.example.com' is not an https Azure Key Vault URL"
                + " (https://<vault>.vault.azure.net)");
  }
}
