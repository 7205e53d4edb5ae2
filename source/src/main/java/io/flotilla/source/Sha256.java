package io.flotilla.source;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as every source backend uses it: lowercase hex, digests named {@code sha256:<hex>}. */
public final class Sha256 {
  private Sha256() {}

  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }

  /** The hex of what {@code sha} has read (which resets it). */
  public static String hex(MessageDigest sha) {
    return HexFormat.of().formatHex(sha.digest());
  }

  /** {@code sha256:<hex>} of what {@code sha} has read (which resets it). */
  public static String named(MessageDigest sha) {
    return "sha256:" + hex(sha);
  }

  /** The hex of {@code data}. */
  public static String hex(byte[] data) {
    return HexFormat.of().formatHex(digest().digest(data));
  }

  /** {@code sha256:<hex>} of {@code data}. */
  public static String named(byte[] data) {
    return "sha256:" + hex(data);
  }
}
