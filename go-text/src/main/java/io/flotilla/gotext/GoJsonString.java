package io.flotilla.gotext;

/**
 * A JSON string as Go's {@code encoding/json} writes it (Go 1.22 on, which Flux is built with):
 * JSON's own escapes ({@link #appendPlain}) and, as Go is HTML-safe, {@code <}, {@code >}, {@code
 * &}, U+2028 and U+2029 as six-character escapes. kustomize's name hash and the flux CLI's JSON
 * output write strings with it; az's JSON output writes the plain form.
 */
public final class GoJsonString {
  private GoJsonString() {}

  /** {@code s} quoted. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    append(out, s);
    return out.toString();
  }

  /** Appends {@code s} quoted to {@code out}. */
  public static void append(StringBuilder out, String s) {
    append(out, s, true);
  }

  /**
   * Appends {@code s} quoted with JSON's own escapes only, which Python's {@code json.dumps(...,
   * ensure_ascii=False)} writes too: the quote and backslash, the short escapes for backspace, form
   * feed, newline, carriage return and tab, other control characters as six-character escapes in
   * lower-case hex.
   */
  public static void appendPlain(StringBuilder out, String s) {
    append(out, s, false);
  }

  private static void append(StringBuilder out, String s, boolean htmlSafe) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        // as Go 1.22 on writes them (Flux is built with it); older Go wrote six-character escapes
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || (htmlSafe && htmlUnsafe(c))) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean htmlUnsafe(char c) {
    return c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029';
  }
}
