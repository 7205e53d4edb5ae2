package io.flotilla.cli.output;

import java.util.regex.Pattern;

/**
 * PyYAML's view of one scalar: {@code analyze_scalar}'s flags that decide between plain, single-
 * and double-quoted style, and the implicit resolvers that make a plain string read back as another
 * type (bool, null, int, float, timestamp, merge or value) and so need quotes.
 */
record ScalarAnalysis(boolean lineBreaks, boolean allowBlockPlain, boolean allowSingleQuoted) {
  private static final Pattern BOOL =
      Pattern.compile("yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  private static final Pattern INT =
      Pattern.compile(
          "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
              + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
  private static final Pattern FLOAT =
      Pattern.compile(
          "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
              + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)"
              + "|\\.(?:nan|NaN|NAN)");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
              + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \\t]+)[0-9][0-9]?"
              + ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?");
  private static final Pattern MERGE_OR_VALUE = Pattern.compile("<<|=");

  static boolean resolvesToAnotherType(String s) {
    return BOOL.matcher(s).matches()
        || NULL.matcher(s).matches()
        || INT.matcher(s).matches()
        || FLOAT.matcher(s).matches()
        || TIMESTAMP.matcher(s).matches()
        || MERGE_OR_VALUE.matcher(s).matches();
  }

  static ScalarAnalysis of(String s) {
    if (s.isEmpty()) return new ScalarAnalysis(false, true, true);
    boolean blockIndicators = s.startsWith("---") || s.startsWith("...");
    boolean lineBreaks = false;
    boolean special = false;
    boolean leadingSpace = false;
    boolean leadingBreak = false;
    boolean trailingSpace = false;
    boolean trailingBreak = false;
    boolean breakSpace = false;
    boolean spaceBreak = false;
    boolean previousSpace = false;
    boolean previousBreak = false;
    boolean precededByWhitespace = true;
    boolean followedByWhitespace = s.length() == 1 || isSpace(s.charAt(1));
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (i == 0) {
        if ("#,[]{}&*!|>'\"%@`".indexOf(ch) >= 0) blockIndicators = true;
        if ((ch == '?' || ch == ':') && followedByWhitespace) blockIndicators = true;
        if (ch == '-' && followedByWhitespace) blockIndicators = true;
      } else {
        if (ch == ':' && followedByWhitespace) blockIndicators = true;
        if (ch == '#' && precededByWhitespace) blockIndicators = true;
      }
      if (ch == '\n' || ch == '\u0085' || ch == '\u2028' || ch == '\u2029') lineBreaks = true;
      if (!(ch == '\n' || (ch >= 0x20 && ch <= 0x7E))) {
        boolean unicode =
            (ch == 0x85 || (ch >= 0xA0 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD))
                && ch != 0xFEFF;
        if (!unicode && !Character.isSurrogate(ch)) special = true;
      }
      if (ch == ' ') {
        if (i == 0) leadingSpace = true;
        if (i == s.length() - 1) trailingSpace = true;
        if (previousBreak) breakSpace = true;
        previousSpace = true;
        previousBreak = false;
      } else if (ch == '\n' || ch == '\u0085' || ch == '\u2028' || ch == '\u2029') {
        if (i == 0) leadingBreak = true;
        if (i == s.length() - 1) trailingBreak = true;
        if (previousSpace) spaceBreak = true;
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      precededByWhitespace = isSpace(ch);
      followedByWhitespace = i + 2 >= s.length() || isSpace(s.charAt(i + 2));
    }
    boolean blockPlain = true;
    boolean singleQuoted = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
    if (breakSpace) blockPlain = singleQuoted = false;
    if (spaceBreak || special) blockPlain = singleQuoted = false;
    if (lineBreaks) blockPlain = false;
    if (blockIndicators) blockPlain = false;
    return new ScalarAnalysis(lineBreaks, blockPlain, singleQuoted);
  }

  private static boolean isSpace(char ch) {
    return ch == '\0'
        || ch == ' '
        || ch == '\t'
        || ch == '\r'
        || ch == '\n'
        || ch == '\u0085'
        || ch == '\u2028'
        || ch == '\u2029';
  }
}
