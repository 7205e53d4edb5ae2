package io.flotilla.sops;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * age v1 (age-encryption.org/v1) decryption with X25519 identities, as SOPS stores a data key for
 * an age recipient: an armored age file whose header holds one X25519 stanza per recipient, an HMAC
 * over the header, and a ChaCha20-Poly1305 STREAM payload.
 */
final class Age {
  private static final String INTRO = "age-encryption.org/v1";
  private static final String ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
  private static final String ARMOR_END = "-----END AGE ENCRYPTED FILE-----";
  private static final int CHUNK = 64 * 1024;
  private static final Base64.Decoder RAW = Base64.getDecoder();

  private Age() {}

  /** An X25519 identity and the recipient it answers to. */
  record Identity(byte[] scalar, String recipient) {
    @Override
    public String toString() {
      return "Identity[" + recipient + "]"; // never the scalar
    }
  }

  /**
   * The identities of an age key file: {@code AGE-SECRET-KEY-1…} lines, {@code #} comments and
   * blank lines skipped, as {@code age -i} reads it.
   */
  static List<Identity> identities(String text) throws SopsException {
    String start = text.strip();
    if (start.startsWith(ARMOR_BEGIN) || start.startsWith(INTRO)) {
      throw new SopsException(encryptedKeyFile(start));
    }
    List<Identity> out = new ArrayList<>();
    int n = 0;
    for (String raw : text.split("\n")) {
      n++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Bech32.Decoded d;
      try {
        d = Bech32.decode(line);
      } catch (IllegalArgumentException e) {
        throw new SopsException("malformed secret key at line " + n + ": " + e.getMessage());
      }
      if (!d.hrp().equals("age-secret-key-") || d.data().length != 32) {
        throw new SopsException(
            "malformed secret key at line " + n + ": not an AGE-SECRET-KEY-1 X25519 identity");
      }
      byte[] pub = new byte[32];
      X25519.scalarMultBase(d.data(), 0, pub, 0);
      out.add(new Identity(d.data(), Bech32.encode("age", pub)));
    }
    if (out.isEmpty()) {
      throw new SopsException("no secret keys found");
    }
    return out;
  }

  /**
   * Why an age-encrypted key file cannot be used: {@code age -p} protects identities with a
   * passphrase (an scrypt stanza), which a controller has no one to ask for; Flux reads plain
   * identities only, and so does Flotilla.
   */
  private static String encryptedKeyFile(String text) {
    String header;
    try {
      header = new String(dearmor(text), StandardCharsets.ISO_8859_1);
    } catch (SopsException e) {
      header = "";
    }
    boolean passphrase = header.lines().anyMatch(l -> l.startsWith("-> scrypt "));
    return (passphrase
            ? "the age key file is protected by a passphrase (scrypt stanza), which is not"
                + " supported"
            : "the age key file is an age-encrypted file, not AGE-SECRET-KEY-1 identities")
        + ": decrypt it with 'age -d' and store the AGE-SECRET-KEY-1 lines it holds";
  }

  /** Decrypts an (armored or binary) age file with the first identity that opens a stanza. */
  static byte[] decrypt(String file, List<Identity> identities) throws SopsException {
    byte[] bytes = dearmor(file);
    int headerEnd = indexOf(bytes, "\n--- ".getBytes(StandardCharsets.US_ASCII));
    if (headerEnd < 0) {
      throw new SopsException("failed to read header: no header MAC line");
    }
    int macLineEnd = indexOf(bytes, new byte[] {'\n'}, headerEnd + 5);
    if (macLineEnd < 0) {
      throw new SopsException("failed to read header: unterminated header MAC line");
    }
    String header = new String(bytes, 0, headerEnd, StandardCharsets.US_ASCII);
    String[] lines = header.split("\n", -1);
    if (!lines[0].equals(INTRO)) {
      throw new SopsException("failed to read header: not an age v1 file");
    }
    byte[] fileKey = null;
    boolean sawX25519 = false;
    List<String> types = new ArrayList<>();
    for (int i = 1; i < lines.length; ) {
      if (!lines[i].startsWith("-> ")) {
        throw new SopsException("failed to read header: malformed stanza");
      }
      String[] args = lines[i].substring(3).split(" ");
      StringBuilder body = new StringBuilder();
      i++;
      while (true) {
        if (i >= lines.length) {
          throw new SopsException("failed to read header: unterminated stanza body");
        }
        String l = lines[i++];
        body.append(l);
        if (l.length() < 64) {
          break;
        }
      }
      types.add(args[0]);
      if (args[0].equals("X25519") && args.length == 2 && fileKey == null) {
        sawX25519 = true;
        fileKey = unwrapX25519(args[1], body.toString(), identities);
      }
    }
    if (fileKey == null) {
      throw new SopsException(
          sawX25519
              ? "no identity matched any of the recipients"
              : "no X25519 recipient stanza (found " + String.join(", ", types) + ")");
    }
    byte[] mac =
        raw(
            new String(
                bytes, headerEnd + 5, macLineEnd - headerEnd - 5, StandardCharsets.US_ASCII));
    byte[] expected =
        hmac(hkdf(fileKey, new byte[0], "header"), Arrays.copyOf(bytes, headerEnd + 4));
    if (!MessageDigest.isEqual(mac, expected)) {
      throw new SopsException("bad header MAC");
    }
    return payload(Arrays.copyOfRange(bytes, macLineEnd + 1, bytes.length), fileKey);
  }

  private static byte[] unwrapX25519(String share64, String body64, List<Identity> identities)
      throws SopsException {
    byte[] share = raw(share64);
    byte[] body = raw(body64);
    if (share.length != 32 || body.length != 32) {
      throw new SopsException("failed to read header: invalid X25519 stanza");
    }
    for (Identity id : identities) {
      byte[] shared = new byte[32];
      X25519.scalarMult(id.scalar(), 0, share, 0, shared, 0);
      if (Arrays.equals(shared, new byte[32])) {
        continue;
      }
      byte[] pub = new byte[32];
      X25519.scalarMultBase(id.scalar(), 0, pub, 0);
      byte[] salt = new byte[64];
      System.arraycopy(share, 0, salt, 0, 32);
      System.arraycopy(pub, 0, salt, 32, 32);
      byte[] wrapKey = hkdf(shared, salt, "age-encryption.org/v1/X25519");
      try {
        byte[] fileKey = chacha(wrapKey, new byte[12], body);
        if (fileKey.length == 16) {
          return fileKey;
        }
      } catch (AEADBadTagException e) {
        // not this identity's stanza
      }
    }
    return null;
  }

  private static byte[] payload(byte[] payload, byte[] fileKey) throws SopsException {
    if (payload.length < 16) {
      throw new SopsException("failed to read payload: no nonce");
    }
    byte[] key = hkdf(fileKey, Arrays.copyOf(payload, 16), "payload");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 16;
    long counter = 0;
    int sealedChunk = CHUNK + 16;
    while (true) {
      int n = Math.min(sealedChunk, payload.length - pos);
      boolean last = pos + n >= payload.length;
      if (n < 16) {
        throw new SopsException("failed to read payload: truncated chunk");
      }
      byte[] nonce = new byte[12];
      for (int i = 0; i < 8; i++) {
        nonce[10 - i] = (byte) (counter >>> (8 * i));
      }
      nonce[11] = (byte) (last ? 1 : 0);
      try {
        out.writeBytes(chacha(key, nonce, Arrays.copyOfRange(payload, pos, pos + n)));
      } catch (AEADBadTagException e) {
        throw new SopsException("failed to decrypt payload chunk: authentication failed");
      }
      pos += n;
      counter++;
      if (last) {
        return out.toByteArray();
      }
    }
  }

  private static byte[] dearmor(String file) throws SopsException {
    String t = file.strip();
    if (!t.startsWith(ARMOR_BEGIN)) {
      return file.getBytes(StandardCharsets.ISO_8859_1);
    }
    if (!t.endsWith(ARMOR_END)) {
      throw new SopsException("failed to read armored age file: no end marker");
    }
    String body = t.substring(ARMOR_BEGIN.length(), t.length() - ARMOR_END.length());
    try {
      return Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new SopsException("failed to read armored age file: invalid base64");
    }
  }

  private static byte[] raw(String b64) throws SopsException {
    try {
      if (b64.contains("=")) {
        throw new IllegalArgumentException("padded");
      }
      return RAW.decode(b64 + "=".repeat((4 - b64.length() % 4) % 4));
    } catch (IllegalArgumentException e) {
      throw new SopsException("failed to read header: invalid base64 in a stanza");
    }
  }

  static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
    byte[] s = salt.length == 0 ? new byte[32] : salt;
    byte[] prk = hmac(s, ikm);
    byte[] infoBytes = info.getBytes(StandardCharsets.US_ASCII);
    byte[] in = Arrays.copyOf(infoBytes, infoBytes.length + 1);
    in[infoBytes.length] = 1;
    return hmac(prk, in);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] chacha(byte[] key, byte[] nonce, byte[] sealed) throws AEADBadTagException {
    try {
      Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
      return c.doFinal(sealed);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int indexOf(byte[] data, byte[] needle) {
    return indexOf(data, needle, 0);
  }

  private static int indexOf(byte[] data, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
