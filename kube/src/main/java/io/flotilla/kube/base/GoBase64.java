package io.flotilla.kube.base;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Whether a JSON string decodes into a Go {@code []byte} the way kube-apiserver's decoder does it
 * ({@code base64.StdEncoding}: padding required, {@code \r} and {@code \n} skipped anywhere), and
 * if not, the byte offset Go's {@code CorruptInputError} reports.
 */
public final class GoBase64 {
  private GoBase64() {}

  /**
   * @return -1 when {@code text} is valid, else the input byte Go names in {@code illegal base64
   *     data at input byte N}
   */
  public static int corruptAt(String text) {
    byte[] src = text.getBytes(StandardCharsets.UTF_8);
    int si = 0;
    while (si < src.length) {
      int j = 0;
      boolean end = false;
      while (j < 4) {
        if (si == src.length) {
          if (j == 0) {
            return -1;
          }
          return si - j; // a short final quantum: padding is required
        }
        byte in = src[si++];
        if (isAlphabet(in)) {
          j++;
          continue;
        }
        if (in == '\n' || in == '\r') {
          continue;
        }
        if (in != '=') {
          return si - 1;
        }
        // padding: only after two or three characters, "==" after two, then nothing but newlines
        if (j < 2) {
          return si - 1;
        }
        if (j == 2) {
          si = skipNewlines(src, si);
          if (si == src.length) {
            return src.length;
          }
          if (src[si] != '=') {
            return si - 1;
          }
          si++;
        }
        si = skipNewlines(src, si);
        if (si < src.length) {
          return si; // trailing garbage
        }
        end = true;
        break;
      }
      if (end) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * The bytes {@code text} holds, read as kube-apiserver reads a {@code []byte}: line breaks
   * skipped, padding required; else {@link IllegalArgumentException} with Go's {@code illegal
   * base64 data at input byte N}.
   */
  public static byte[] decode(String text) {
    int at = corruptAt(text);
    if (at >= 0) {
      throw new IllegalArgumentException("illegal base64 data at input byte " + at);
    }
    return Base64.getDecoder().decode(text.replace("\r", "").replace("\n", ""));
  }

  private static int skipNewlines(byte[] src, int si) {
    while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
      si++;
    }
    return si;
  }

  private static boolean isAlphabet(byte b) {
    return b >= 'A' && b <= 'Z'
        || b >= 'a' && b <= 'z'
        || b >= '0' && b <= '9'
        || b == '+'
        || b == '/';
  }
}
