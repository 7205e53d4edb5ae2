package io.flotilla.sops;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SOPS' value cipher: {@code ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:<t>]}, AES-256-GCM
 * under the data key with a 32-byte IV, the 16-byte tag apart, and the value's path ({@code
 * a:b:c:}) or, for the MAC, the last-modified time as additional data.
 */
final class ValueCipher {
  private static final Pattern ENCRYPTED =
      Pattern.compile("^ENC\\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\\]");

  private ValueCipher() {}

  /** A decrypted value: its plaintext bytes and SOPS' type name. */
  record Plain(byte[] bytes, String type) {}

  static boolean looksEncrypted(String value) {
    return ENCRYPTED.matcher(value).find();
  }

  /**
   * Decrypts one value; an empty string stays empty, as SOPS never encrypts one. {@code where}
   * names the value in messages (its path, never its content).
   */
  static Plain decrypt(String value, byte[] key, String additionalData, String where)
      throws SopsException {
    if (value.isEmpty()) {
      return new Plain(new byte[0], "str");
    }
    Matcher m = ENCRYPTED.matcher(value);
    if (!m.find()) {
      throw new SopsException(
          "could not decrypt value at '"
              + where
              + "': input string is not a SOPS ENC[AES256_GCM,…] value");
    }
    byte[] data;
    byte[] iv;
    byte[] tag;
    try {
      data = Base64.getDecoder().decode(m.group(1));
      iv = Base64.getDecoder().decode(m.group(2));
      tag = Base64.getDecoder().decode(m.group(3));
    } catch (IllegalArgumentException e) {
      throw new SopsException(
          "could not decrypt value at '" + where + "': its data, iv or tag is not base64");
    }
    if (iv.length == 0 || tag.length != 16) {
      throw new SopsException(
          "could not decrypt value at '" + where + "': its iv or tag has the wrong length");
    }
    byte[] sealed = new byte[data.length + tag.length];
    System.arraycopy(data, 0, sealed, 0, data.length);
    System.arraycopy(tag, 0, sealed, data.length, tag.length);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
      gcm.updateAAD(additionalData.getBytes(StandardCharsets.UTF_8));
      return new Plain(gcm.doFinal(sealed), m.group(4));
    } catch (AEADBadTagException e) {
      throw new SopsException(
          "could not decrypt value at '"
              + where
              + "' with AES_GCM: cipher: message authentication failed"
              + " (the value was altered, moved to another key, or the data key is wrong)");
    } catch (GeneralSecurityException e) {
      throw new SopsException(
          "could not decrypt value at '" + where + "' with AES_GCM: " + e.getMessage());
    }
  }

  /** Encrypts one value, for tests that build documents the way {@code sops} writes them. */
  static String encrypt(byte[] plain, String type, byte[] key, byte[] iv, String additionalData)
      throws GeneralSecurityException {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    gcm.updateAAD(additionalData.getBytes(StandardCharsets.UTF_8));
    byte[] sealed = gcm.doFinal(plain);
    int n = sealed.length - 16;
    Base64.Encoder b64 = Base64.getEncoder();
    return "ENC[AES256_GCM,data:"
        + b64.encodeToString(java.util.Arrays.copyOf(sealed, n))
        + ",iv:"
        + b64.encodeToString(iv)
        + ",tag:"
        + b64.encodeToString(java.util.Arrays.copyOfRange(sealed, n, sealed.length))
        + ",type:"
        + type
        + "]";
  }
}
