package io.flotilla.server.http;

/** Text from a request made safe to quote in a message: control characters escaped, length cut. */
public final class Printable {
  static final int MAX = 120;

  private Printable() {}

  /** {@code a\u0000b} for a NUL; at most {@value #MAX} characters, then {@code …}. */
  public static String quote(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(MAX)
        .forEach(
            c -> {
              if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    if (text.codePointCount(0, text.length()) > MAX) {
      out.append('…');
    }
    return out.toString();
  }
}
