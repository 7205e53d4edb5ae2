package io.flotilla.kube.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * JSON text with every non-ASCII character written as a {@code \}{@code uXXXX} escape: the same
 * document to any JSON reader, in bytes that no reader can split inside a character. Watch streams
 * are written so, because fabric8's HTTP watch (7.x, which the controllers and the agent use
 * against this API) decodes each network buffer on its own and turns a multi-byte character in one
 * into NUL characters, which kills the informer (an operator then stops). In JSON a non-ASCII
 * character can only stand inside a string, where the escape means the same.
 */
final class AsciiJson {
  private AsciiJson() {}

  /** {@code utf8} itself when it is all ASCII, as almost every object is; else an escaped copy. */
  static byte[] of(byte[] utf8) {
    int first = 0;
    while (first < utf8.length && utf8[first] >= 0) {
      first++;
    }
    if (first == utf8.length) {
      return utf8;
    }
    String rest = new String(utf8, first, utf8.length - first, StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + 16);
    out.write(utf8, 0, first);
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c < 0x80) {
        out.write(c);
      } else {
        out.writeBytes(String.format("\\u%04x", (int) c).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toByteArray();
  }
}
