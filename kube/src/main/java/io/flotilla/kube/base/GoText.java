package io.flotilla.kube.base;

import java.util.List;

/**
 * Go's {@code %q} formatting, so messages read byte for byte like kube-apiserver's ({@code go-text}
 * has Go's JSON strings and floats).
 */
public final class GoText {
  private GoText() {}

  /**
   * As Go's {@code strconv.Quote}: printable characters as they are, Go's one-letter escapes
   * ({@code \n}, {@code \f}, {@code \a}…), {@code \x7f} for other ASCII controls, four- or
   * eight-digit hex escapes for the other characters Go does not count as printable.
   */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 7 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 11 -> b.append("\\v");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    b.append(String.format("\\x%02x", c));
                  } else if (printable(c)) {
                    b.appendCodePoint(c);
                  } else if (c < 0x10000) {
                    b.append(String.format("\\u%04x", c));
                  } else {
                    b.append(String.format("\\U%08x", c));
                  }
                }
              }
            });
    return b.append('"').toString();
  }

  /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols, ASCII space. */
  private static boolean printable(int c) {
    return c == ' '
        || switch (Character.getType(c)) {
          case Character.CONTROL,
              Character.FORMAT,
              Character.SPACE_SEPARATOR,
              Character.LINE_SEPARATOR,
              Character.PARAGRAPH_SEPARATOR,
              Character.PRIVATE_USE,
              Character.SURROGATE,
              Character.UNASSIGNED ->
              false;
          default -> true;
        };
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
