package io.flotilla.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Removes credentials from URLs and messages before they reach logs, conditions or events. */
public final class Redaction {
  // scheme://user[:password]@host… ; the user part may not contain '/', '@' or whitespace.
  private static final Pattern USERINFO =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.\\-]*://)([^/@\\s'\"]+)@");

  private Redaction() {}

  /** The URL without its {@code user:password@} part; null stays null. */
  public static String url(String url) {
    return message(url);
  }

  /** A message with every URL's user-info removed. */
  public static String message(String message) {
    if (message == null) {
      return null;
    }
    // an ssh login name ("ssh://git@host") is not a secret and users need it in hints;
    // anything else before '@' may be a password or a token
    return USERINFO
        .matcher(message)
        .replaceAll(
            m ->
                m.group(1).equalsIgnoreCase("ssh://") && !m.group(2).contains(":")
                    ? Matcher.quoteReplacement(m.group())
                    : Matcher.quoteReplacement(m.group(1)));
  }

  /** A message with user-info removed and each given secret replaced by {@code ***}. */
  public static String message(String message, String... secrets) {
    String out = message(message);
    if (out == null) {
      return null;
    }
    for (String secret : secrets) {
      if (secret != null && secret.length() >= 3) {
        out = out.replace(secret, "***");
      }
    }
    return out;
  }

  /**
   * A copy of the throwable chain whose messages are redacted, keeping class names and stack
   * traces, so a cause can be attached to an error without carrying a secret along.
   */
  static Throwable copy(Throwable t) {
    Throwable cause = t.getCause() == null || t.getCause() == t ? null : copy(t.getCause());
    String text = t.getClass().getName();
    String msg = message(t.getMessage());
    if (msg != null) {
      text = text + ": " + msg;
    }
    Exception copy = new Exception(text, cause);
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }
}
