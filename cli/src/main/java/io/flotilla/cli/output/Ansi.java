package io.flotilla.cli.output;

/**
 * The ANSI colours az prints with {@code -o jsonc|yamlc}: pygments' terminal formatter with its
 * default (light background) scheme — keys bright blue, strings yellow, numbers and constants blue,
 * whitespace gray — each token wrapped in its colour and a reset.
 */
final class Ansi {
  static final String GRAY = "\u001b[37m";
  static final String BLUE = "\u001b[34m";
  static final String BRIGHT_BLUE = "\u001b[94m";
  static final String YELLOW = "\u001b[33m";
  static final String RED = "\u001b[31m";
  static final String UNDERLINE_CYAN = "\u001b[04m\u001b[36m";
  static final String RESET = "\u001b[39;49;00m";

  private Ansi() {}

  static StringBuilder wrap(StringBuilder out, String color, String text) {
    return out.append(color).append(text).append(RESET);
  }

  static StringBuilder gray(StringBuilder out, String text) {
    return wrap(out, GRAY, text);
  }

  /**
   * Colours {@code -o json} text as pygments' JSON lexer does: a string followed by {@code :} is a
   * key; whitespace is coloured line by line, each newline left outside the colour.
   */
  static String json(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        int j = i;
        while (j < n && " \n\t\r".indexOf(text.charAt(j)) >= 0) j++;
        whitespace(out, text.substring(i, j));
        i = j;
      } else if (c == '"') {
        int j = i + 1;
        while (j < n && text.charAt(j) != '"') j += text.charAt(j) == '\\' ? 2 : 1;
        j = Math.min(j + 1, n);
        int k = j;
        while (k < n && " \n\t\r".indexOf(text.charAt(k)) >= 0) k++;
        boolean key = k < n && text.charAt(k) == ':';
        wrap(out, key ? BRIGHT_BLUE : YELLOW, text.substring(i, j));
        i = j;
      } else if ("{}[],:".indexOf(c) >= 0) {
        out.append(c);
        i++;
      } else {
        int j = i;
        while (j < n && " \n\t\r{}[],:\"".indexOf(text.charAt(j)) < 0) j++;
        wrap(out, BLUE, text.substring(i, j));
        i = j;
      }
    }
    return out.toString();
  }

  private static void whitespace(StringBuilder out, String ws) {
    int start = 0;
    while (start < ws.length()) {
      int nl = ws.indexOf('\n', start);
      String line = nl < 0 ? ws.substring(start) : ws.substring(start, nl);
      gray(out, line);
      if (nl < 0) break;
      out.append('\n');
      start = nl + 1;
    }
  }
}
