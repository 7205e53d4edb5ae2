package io.flotilla.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.UnaryOperator;

/** The secrets a server keeps in its data directory: the admin token and the encryption key. */
public final class KeyMaterial {
  public static final String ADMIN_TOKEN_FILE = "admin-token";
  public static final String ENCRYPTION_KEY_FILE = "encryption-key";
  public static final String ENCRYPTION_KEY_ENV = "FLOTILLA_ENCRYPTION_KEY";

  private KeyMaterial() {}

  /** Reads {@code <dataDir>/admin-token}, creating it (mode 0600) on first start. */
  public static String adminToken(Path dataDir) {
    Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
    String existing = readIfPresent(file);
    if (existing != null && !existing.isBlank()) {
      return existing.strip();
    }
    return writeOnce(file, Tokens.generate("flt_admin_")).strip();
  }

  /**
   * The 32-byte key from env {@value #ENCRYPTION_KEY_ENV} (base64) or from {@code
   * <dataDir>/encryption-key}, which is created (mode 0600) on first start.
   */
  public static byte[] encryptionKey(Path dataDir, UnaryOperator<String> env) {
    String fromEnv = env.apply(ENCRYPTION_KEY_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return decodeKey(fromEnv.strip(), "environment variable " + ENCRYPTION_KEY_ENV);
    }
    Path file = dataDir.resolve(ENCRYPTION_KEY_FILE);
    String existing = readIfPresent(file);
    if (existing == null || existing.isBlank()) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      existing = writeOnce(file, Base64.getEncoder().encodeToString(key));
    }
    return decodeKey(existing.strip(), "key file " + file);
  }

  static byte[] decodeKey(String base64, String where) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "The encryption key in "
              + where
              + " is not valid base64. Provide 32 random bytes, base64-encoded"
              + " (e.g. `head -c 32 /dev/urandom | base64`).");
    }
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "The encryption key in "
              + where
              + " decodes to "
              + key.length
              + " bytes; AES-256 needs exactly 32 bytes, base64-encoded.");
    }
    return key;
  }

  private static String readIfPresent(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Creates the file with mode 0600 before any byte is written; if another process won, reads it.
   */
  private static String writeOnce(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      try {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
          Files.createFile(file);
        }
      } catch (FileAlreadyExistsException raced) {
        String other = Files.readString(file, StandardCharsets.UTF_8);
        if (!other.isBlank()) {
          return other;
        }
      }
      Files.writeString(
          file, content + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      return content;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
  }
}
