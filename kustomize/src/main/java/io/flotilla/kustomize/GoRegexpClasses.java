package io.flotilla.kustomize;

import io.flotilla.kustomize.GoRegexp.SyntaxError;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Go's character classes written as Java classes: bracket expressions, the Perl classes ({@code
 * \d}, {@code \s}, {@code \w} and their negations, ASCII as in Go), the POSIX names Go reads inside
 * brackets ({@code [:alpha:]}) and Unicode categories and scripts ({@code \pL}, {@code \p{Greek}}).
 */
final class GoRegexpClasses {
  private static final Map<String, String> PERL =
      Map.of(
          "\\d", "[0-9]",
          "\\D", "[^0-9]",
          "\\s", "[\\t\\n\\f\\r\\x{20}]",
          "\\S", "[^\\t\\n\\f\\r\\x{20}]",
          "\\w", "[0-9A-Za-z_]",
          "\\W", "[^0-9A-Za-z_]");
  private static final Map<String, String> POSIX = new HashMap<>();
  private static final Set<String> CATEGORIES =
      Set.of(
          "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No", "P",
          "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp",
          "Zs", "Cc", "Cf", "Co", "Cs");
  private static final Map<String, String> SCRIPTS = new HashMap<>();

  static {
    Map.ofEntries(
            Map.entry("alnum", "0-9A-Za-z"),
            Map.entry("alpha", "A-Za-z"),
            Map.entry("ascii", "\\x{0}-\\x{7f}"),
            Map.entry("blank", "\\t\\x{20}"),
            Map.entry("cntrl", "\\x{0}-\\x{1f}\\x{7f}"),
            Map.entry("digit", "0-9"),
            Map.entry("graph", "\\x{21}-\\x{7e}"),
            Map.entry("lower", "a-z"),
            Map.entry("print", "\\x{20}-\\x{7e}"),
            Map.entry("punct", "\\x{21}-\\x{2f}\\x{3a}-\\x{40}\\x{5b}-\\x{60}\\x{7b}-\\x{7e}"),
            Map.entry("space", "\\t\\n\\x{b}\\f\\r\\x{20}"),
            Map.entry("upper", "A-Z"),
            Map.entry("word", "0-9A-Za-z_"),
            Map.entry("xdigit", "0-9A-Fa-f"))
        .forEach(
            (name, set) -> {
              POSIX.put("[:" + name + ":]", "[" + set + "]");
              POSIX.put("[:^" + name + ":]", "[^" + set + "]");
            });
    for (Character.UnicodeScript sc : Character.UnicodeScript.values()) {
      if (sc != Character.UnicodeScript.UNKNOWN) {
        SCRIPTS.put(canonical(sc.name()), "[\\p{sc=" + sc.name() + "}]");
      }
    }
  }

  private GoRegexpClasses() {}

  /** A Perl class escape ({@code \d} …) as a Java class, or null. */
  static String perl(String escape) {
    return PERL.get(escape);
  }

  /** A literal character, safe in and out of Java classes. */
  static String javaChar(int c) {
    return GoRegexpTranslator.isAlnum(c)
        ? Character.toString(c)
        : "\\x{" + Integer.toHexString(c) + "}";
  }

  /** The bracket expression at the translator's position, read as Go reads it. */
  static String parse(GoRegexpTranslator t) {
    String s = t.source();
    int start = t.pos();
    t.advance(1);
    StringBuilder out = new StringBuilder("[");
    if (t.pos() < s.length() && s.charAt(t.pos()) == '^') {
      out.append('^');
      t.advance(1);
    }
    boolean first = true;
    while (t.pos() >= s.length() || s.charAt(t.pos()) != ']' || first) {
      first = false;
      int at = t.pos();
      if (at + 2 < s.length() && s.startsWith("[:", at) && s.indexOf(":]", at + 2) >= 0) {
        String name = s.substring(at, s.indexOf(":]", at + 2) + 2);
        String set = POSIX.get(name);
        if (set == null) {
          throw new SyntaxError("invalid character class range", name);
        }
        out.append(set);
        t.advance(name.length());
        continue;
      }
      if (s.startsWith("\\p", at) || s.startsWith("\\P", at)) {
        out.append(unicode(t));
        continue;
      }
      String perl = at + 1 < s.length() ? PERL.get(s.substring(at, at + 2)) : null;
      if (perl != null) {
        out.append(perl);
        t.advance(2);
        continue;
      }
      int lo = classChar(t, start);
      int hi = lo;
      if (t.pos() + 1 < s.length() && s.charAt(t.pos()) == '-' && s.charAt(t.pos() + 1) != ']') {
        t.advance(1);
        hi = classChar(t, start);
        if (hi < lo) {
          throw new SyntaxError("invalid character class range", s.substring(at, t.pos()));
        }
      }
      out.append(javaChar(lo));
      if (hi != lo) {
        out.append('-').append(javaChar(hi));
      }
    }
    t.advance(1);
    return out.append(']').toString();
  }

  private static int classChar(GoRegexpTranslator t, int classStart) {
    String s = t.source();
    if (t.pos() >= s.length()) {
      throw new SyntaxError("missing closing ]", s.substring(classStart));
    }
    return s.charAt(t.pos()) == '\\' ? t.escapedRune() : t.nextRune();
  }

  /** {@code \pN}, {@code \p{Name}}, {@code \p{^Name}} or the {@code \P} forms at the position. */
  static String unicode(GoRegexpTranslator t) {
    String s = t.source();
    int start = t.pos();
    boolean negate = s.charAt(start + 1) == 'P';
    t.advance(2);
    String seq;
    String name;
    if (t.pos() >= s.length()) {
      throw new SyntaxError("invalid character class range", s.substring(start));
    }
    if (s.charAt(t.pos()) != '{') {
      t.nextRune();
      seq = s.substring(start, t.pos());
      name = seq.substring(2);
    } else {
      int end = s.indexOf('}', start);
      if (end < 0) {
        throw new SyntaxError("invalid character class range", s.substring(start));
      }
      seq = s.substring(start, end + 1);
      name = s.substring(start + 3, end);
      t.advance(end + 1 - t.pos());
    }
    if (name.startsWith("^")) {
      negate = !negate;
      name = name.substring(1);
    }
    String set = table(canonical(name));
    if (set == null) {
      throw new SyntaxError("invalid character class range", seq);
    }
    return negate ? "[^" + set + "]" : set;
  }

  /** Go's Unicode table of that canonical name, as a Java class; null when Go has none. */
  private static String table(String name) {
    return switch (name) {
      case "Any" -> "[\\x{0}-\\x{10ffff}]";
      case "Assigned" -> "[^\\p{Cn}]";
      case "Ascii" -> "[\\x{0}-\\x{7f}]";
      case "Lc" -> "[\\p{Lu}\\p{Ll}\\p{Lt}]";
      case "C" -> "[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}]";
      default -> CATEGORIES.contains(name) ? "[\\p{" + name + "}]" : SCRIPTS.get(name);
    };
  }

  /** Go's lookup key: first letter upper, the rest lower, without underscores, dashes, spaces. */
  private static String canonical(String name) {
    StringBuilder out = new StringBuilder();
    for (char c : name.toCharArray()) {
      if (c == '_' || c == '-' || c == ' ') {
        continue;
      }
      out.append(out.isEmpty() ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    return out.toString();
  }
}
