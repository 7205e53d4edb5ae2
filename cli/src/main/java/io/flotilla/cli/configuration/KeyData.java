package io.flotilla.cli.configuration;

import io.flotilla.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

/** az's {@code get_data_from_key_or_file}: a value given inline or read from a file, as base64. */
final class KeyData {
  static final long MAX_FILE_BYTES = 1024 * 1024;

  private KeyData() {}

  /**
   * The inline value as given (already base64), or the file's content base64-encoded; null when
   * neither is given.
   *
   * @param stripNewline strip surrounding whitespace from the file first (known_hosts, CA certs)
   */
  static String fromKeyOrFile(String key, String file, boolean stripNewline) {
    if (notEmpty(key) && notEmpty(file)) {
      throw CliException.invalid(
          "Error! Both textual key and key filepath cannot be provided",
          "Try providing the file parameter without providing the plaintext parameter");
    }
    if (notEmpty(file)) {
      return readAsBase64(file, stripNewline);
    }
    return notEmpty(key) ? key : null;
  }

  static String readAsBase64(String file, boolean stripNewline) {
    String content;
    try {
      content = readUtf8(Path.of(file));
    } catch (IOException | RuntimeException e) {
      throw CliException.invalid(
          "Error! Unable to read key file specified with: " + describe(file, e),
          "Verify that the filepath specified exists and contains valid utf-8 data");
    }
    if (stripNewline) {
      content = content.strip();
    }
    return Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8));
  }

  private static String readUtf8(Path path) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new IOException("File is larger than 1 MiB");
    }
    if (bytes.length == 0) {
      throw new IOException("File provided does not contain any data");
    }
    return SshKeys.utf8(bytes);
  }

  private static String describe(String file, Exception e) {
    if (e instanceof NoSuchFileException) {
      return "[Errno 2] No such file or directory: '" + file + "'";
    }
    if (e instanceof AccessDeniedException) {
      return "[Errno 13] Permission denied: '" + file + "'";
    }
    if (e instanceof CharacterCodingException) {
      return "'utf-8' codec can't decode the content of '" + file + "'";
    }
    return e.getMessage();
  }

  static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
