package io.flotilla.server.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for protected settings. The ciphertext is bound to the row it belongs to through the
 * associated data, so a value copied to another resource's row fails to decrypt.
 */
public final class ProtectedSettingsCipher {
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public ProtectedSettingsCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "the encryption key must be 32 bytes (AES-256), got " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /** Encrypts {@code plain}, bound to {@code context}; returns {@code v1:<base64(nonce|ct)>}. */
  public String encrypt(String plain, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + ct.length);
      System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  public String decrypt(String sealed, String context) {
    if (!sealed.startsWith(PREFIX)) {
      throw new IllegalStateException("unknown ciphertext format");
    }
    byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] plain = c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      // Wrong key or tampered row; never include the ciphertext in the message.
      throw new IllegalStateException(
          "cannot decrypt protected settings: wrong encryption key or corrupted data", e);
    }
  }
}
