package io.flotilla.kube.base;

import java.util.List;

/** Go's {@code %q} formatting, so messages read byte for byte like kube-apiserver's. */
public final class GoText {
  private GoText() {}

  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** {@code %q} of a {@code []string}: {@code ["a" "b"]}. */
  public static String quoteList(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(quote(values.get(i)));
    }
    return b.append(']').toString();
  }
}
