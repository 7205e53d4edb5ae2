package io.flotilla.cli.flux;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** flux's {@code TruncateHex}: digests of 40 to 128 hex digits shortened to their first 8. */
final class Hex {
  private static final Pattern DIGEST = Pattern.compile("\\b[a-f0-9]{40,128}\\b");

  private Hex() {}

  static String truncate(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    Matcher m = DIGEST.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, m.group().substring(0, 8));
    }
    return m.appendTail(out).toString();
  }
}
