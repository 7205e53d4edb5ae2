package io.flotilla.cli.configuration;

import io.flotilla.cli.CliException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Format checks az makes on SSH material before it leaves the machine. */
final class SshKeys {
  private static final Set<String> HOST_KEY_TYPES =
      Set.of(
          "ssh-rsa",
          "ssh-dss",
          "ssh-ed25519",
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ecdsa-sha2-nistp521",
          "ssh-rsa-cert-v01@openssh.com",
          "ssh-dss-cert-v01@openssh.com",
          "ssh-ed25519-cert-v01@openssh.com",
          "ecdsa-sha2-nistp256-cert-v01@openssh.com",
          "ecdsa-sha2-nistp384-cert-v01@openssh.com",
          "ecdsa-sha2-nistp521-cert-v01@openssh.com");
  private static final Pattern PEM =
      Pattern.compile(
          "-----BEGIN ((?:RSA |EC |DSA |OPENSSH )?PRIVATE KEY)-----(.*?)-----END \\1-----",
          Pattern.DOTALL);
  private static final byte[] OPENSSH_MAGIC =
      "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

  private SshKeys() {}

  /**
   * Each non-blank, non-comment line of the base64 known_hosts must be {@code hosts keytype key}
   * with a key type sshd knows and a key blob of that type.
   */
  static void validateKnownHosts(String base64) {
    String text;
    try {
      text = utf8(pythonB64decode(base64));
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw CliException.invalid(
          "Error! ssh known_hosts is not a valid utf-8 base64 encoded string",
          "Verify that the string provided safely decodes into a valid utf-8 format");
    }
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!isKnownHostsLine(line)) {
        throw CliException.invalid(
            "Error! ssh known_hosts provided in wrong format",
            "Verify that all lines in the known_hosts contents are provided in a valid sshd(8)"
                + " format");
      }
    }
  }

  static boolean isKnownHostsLine(String line) {
    String[] fields = line.split("[ \t]+");
    if (fields.length < 3) {
      return false;
    }
    String type = fields[1];
    if (!HOST_KEY_TYPES.contains(type)) {
      return false;
    }
    try {
      byte[] blob = Base64.getDecoder().decode(fields[2]);
      return type.equals(firstSshString(blob));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The base64 value must decode to a PEM private key of type RSA, EC, DSA or Ed25519 (PKCS#1,
   * SEC1, PKCS#8 or OpenSSH format).
   */
  static void validatePrivateKey(String base64) {
    if (!isPrivateKey(base64)) {
      throw CliException.invalid(
          "Error! --ssh-private-key provided in invalid format",
          "Verify the key provided is a valid PEM-formatted key of type RSA, ECC, DSA, or Ed25519");
    }
  }

  /**
   * Python's {@code base64.b64decode} (az's {@code from_base64}): characters outside the alphabet
   * are skipped, but the data must end on a whole quantum or be padded to one.
   */
  static byte[] pythonB64decode(String text) {
    StringBuilder data = new StringBuilder();
    int pads = 0;
    boolean padded = false;
    for (int i = 0; i < text.length() && !padded; i++) {
      char c = text.charAt(i);
      int rest = data.length() % 4;
      if (c == '=') {
        if (rest >= 2) {
          pads++;
          padded = rest == 3 || pads >= 2;
        }
      } else if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '+'
          || c == '/') {
        data.append(c);
      }
    }
    if (!padded && data.length() % 4 != 0) {
      throw new IllegalArgumentException("Incorrect padding");
    }
    return Base64.getDecoder().decode(data.toString());
  }

  static boolean isPrivateKey(String base64) {
    String pem;
    try {
      pem = utf8(pythonB64decode(base64));
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return false;
    }
    Matcher m = PEM.matcher(pem);
    if (!m.find()) {
      return false;
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2).strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (der.length == 0) {
      return false;
    }
    return switch (m.group(1)) {
      case "OPENSSH PRIVATE KEY" -> startsWith(der, OPENSSH_MAGIC);
      case "PRIVATE KEY" -> isPkcs8(der);
      default -> (der[0] & 0xff) == 0x30; // a DER SEQUENCE: PKCS#1 RSA, SEC1 EC, OpenSSL DSA
    };
  }

  private static boolean isPkcs8(byte[] der) {
    for (String algorithm : new String[] {"RSA", "EC", "DSA", "Ed25519"}) {
      try {
        KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        return true;
      } catch (Exception e) {
        // try the next algorithm
      }
    }
    return false;
  }

  private static String firstSshString(byte[] blob) {
    if (blob.length < 4) {
      return null;
    }
    int len = ByteBuffer.wrap(blob, 0, 4).getInt();
    if (len < 0 || len > blob.length - 4) {
      return null;
    }
    return new String(blob, 4, len, StandardCharsets.US_ASCII);
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    if (data.length < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) {
      if (data[i] != prefix[i]) return false;
    }
    return true;
  }

  /** Strict UTF-8: malformed input is an error, not a replacement character. */
  static String utf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
