package io.flotilla.sops;

/**
 * A SOPS document that cannot be decrypted. The message names what failed (the key types tried, the
 * value's path, the format) and never carries a decrypted value, a data key or a MAC.
 */
public final class SopsException extends Exception {
  public SopsException(String message) {
    super(message);
  }

  public SopsException(String message, Throwable cause) {
    super(message, cause);
  }
}
