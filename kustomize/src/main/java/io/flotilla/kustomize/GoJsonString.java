package io.flotilla.kustomize;

/**
 * A JSON string as Go's {@code encoding/json} writes it (Go 1.22 on, which Flux is built with):
 * HTML-safe ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as six-character escapes), the
 * short escapes for backspace, form feed, newline, carriage return and tab, other control
 * characters as six-character escapes in lower-case hex. kustomize's name hash and the flux CLI's
 * JSON output write strings with it.
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
  static void append(StringBuilder out, String s) {
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
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    out.append('"');
  }
}
