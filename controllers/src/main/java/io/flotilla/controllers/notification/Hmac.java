package io.flotilla.controllers.notification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC with a text key: providers sign what they send, receivers check what they get. */
final class Hmac {
  private Hmac() {}

  static byte[] of(String algorithm, String key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unsupported HMAC " + algorithm, e);
    }
  }

  static byte[] sha256(String key, byte[] data) {
    return of("HmacSHA256", key, data);
  }
}
