package io.flotilla.testkit.sops;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes a Secret as {@code sops --encrypt --encrypted-regex '^(data|stringData)$'} does, for key
 * services no published file uses (a loopback Key Vault): string values under stringData, each
 * AES-256-GCM with a 32-byte IV and its path as additional data, and the encrypted MAC over all
 * values in document order.
 */
public final class SopsTestWriter {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String LAST_MODIFIED = "2026-12-07T00:00:00Z";

  private SopsTestWriter() {}

  public static String secret(
      String name, Map<String, String> stringData, byte[] key, String keyGroupYaml)
      throws GeneralSecurityException {
    return document("Secret", name, "stringData", stringData, key, keyGroupYaml);
  }

  /** A v1 object of {@code kind} whose {@code field} map holds the encrypted values. */
  public static String document(
      String kind,
      String name,
      String field,
      Map<String, String> values,
      byte[] key,
      String keyGroupYaml)
      throws GeneralSecurityException {
    Map<String, String> plainFields = new LinkedHashMap<>();
    plainFields.put("apiVersion", "v1");
    plainFields.put("kind", kind);
    MessageDigest mac = MessageDigest.getInstance("SHA-512");
    StringBuilder doc = new StringBuilder();
    for (Map.Entry<String, String> e : plainFields.entrySet()) {
      doc.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      mac.update(e.getValue().getBytes(StandardCharsets.UTF_8));
    }
    doc.append("metadata:\n  name: ").append(name).append('\n');
    mac.update(name.getBytes(StandardCharsets.UTF_8));
    doc.append(field).append(":\n");
    for (Map.Entry<String, String> e : values.entrySet()) {
      byte[] plain = e.getValue().getBytes(StandardCharsets.UTF_8);
      doc.append("  ")
          .append(e.getKey())
          .append(": ")
          .append(encrypt(plain, key, field + ":" + e.getKey() + ":"))
          .append('\n');
      mac.update(plain);
    }
    String hex = HexFormat.of().withUpperCase().formatHex(mac.digest());
    doc.append("sops:\n")
        .append(keyGroupYaml)
        .append("  lastmodified: \"")
        .append(LAST_MODIFIED)
        .append("\"\n  mac: ")
        .append(encrypt(hex.getBytes(StandardCharsets.US_ASCII), key, LAST_MODIFIED))
        .append("\n  encrypted_regex: ^(data|stringData)$\n  version: 3.9.0\n");
    return doc.toString();
  }

  public static byte[] dataKey() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return k;
  }

  private static String encrypt(byte[] plain, byte[] key, String aad)
      throws GeneralSecurityException {
    byte[] iv = new byte[32];
    RANDOM.nextBytes(iv);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    gcm.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
    byte[] sealed = gcm.doFinal(plain);
    Base64.Encoder b64 = Base64.getEncoder();
    int n = sealed.length - 16;
    return "ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]"
        .formatted(
            b64.encodeToString(Arrays.copyOf(sealed, n)),
            b64.encodeToString(iv),
            b64.encodeToString(Arrays.copyOfRange(sealed, n, sealed.length)));
  }
}
