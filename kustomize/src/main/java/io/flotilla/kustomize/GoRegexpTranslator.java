package io.flotilla.kustomize;

import io.flotilla.kustomize.GoRegexp.SyntaxError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a Go regexp as Go's {@code regexp/syntax} does in Perl mode (its errors, its limits) and
 * writes a Java pattern whose every construct is spelled out: {@code .}, {@code ^}, {@code $},
 * {@code \b} and the Perl classes by their Go definitions, literals as {@code \x{…}}, named groups
 * as plain groups (so Java's group numbers are Go's; the names are kept aside). Only the fold flag
 * is left to Java, as {@code (?iu)}.
 */
final class GoRegexpTranslator {
  private static final int FOLD = 1;
  private static final int DOT_NL = 2;
  private static final int MULTI_LINE = 4;
  private static final int NON_GREEDY = 8;
  private static final int MAX_REPEAT = 1000;
  private static final String WORD = "[0-9A-Za-z_]";
  private static final String WORD_BOUNDARY =
      "(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))";
  private static final String NOT_WORD_BOUNDARY =
      "(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))";

  private enum Kind {
    ATOM,
    ASSERTION,
    FLAGS,
    BAR
  }

  private static final class Piece {
    String text;
    final Kind kind;
    int product;
    boolean quantified;

    Piece(String text, Kind kind, int product) {
      this.text = text;
      this.kind = kind;
      this.product = product;
    }
  }

  private record Level(String open, int savedFlags, List<Piece> pieces) {}

  private final String s;
  private final Deque<Level> levels = new ArrayDeque<>();
  private final Map<String, List<Integer>> names = new HashMap<>();
  private int pos;
  private int flags;
  private int captures;
  private int lastRepeat = -1;

  GoRegexpTranslator(String s) {
    this.s = s;
    levels.push(new Level("", 0, new ArrayList<>()));
  }

  GoRegexp translate() {
    while (pos < s.length()) {
      int start = pos;
      boolean repeated = false;
      switch (s.charAt(pos)) {
        case '(' -> openGroup();
        case ')' -> closeGroup();
        case '|' -> add(1, "|", Kind.BAR, 1);
        case '^' -> add(1, on(MULTI_LINE) ? "(?:\\A|(?<=\\n))" : "\\A", Kind.ASSERTION, 1);
        case '$' -> add(1, on(MULTI_LINE) ? "(?=\\n|\\z)" : "\\z", Kind.ASSERTION, 1);
        case '.' -> add(1, on(DOT_NL) ? "(?s:.)" : "[^\\n]", Kind.ATOM, 1);
        case '[' -> add(0, GoRegexpClasses.parse(this), Kind.ATOM, 1);
        case '*', '+', '?' -> {
          char op = s.charAt(pos++);
          repeat(start, op == '+' ? 1 : 0, op == '?' ? 1 : -1, String.valueOf(op), false);
          repeated = true;
        }
        case '{' -> repeated = counted(start);
        case '\\' -> escape();
        default -> literal(nextRune());
      }
      lastRepeat = repeated ? start : -1;
    }
    if (levels.size() > 1) {
      throw new SyntaxError("missing closing )", s);
    }
    String java = join(levels.peek().pieces());
    try {
      return new GoRegexp(s, Pattern.compile(java), Map.copyOf(names));
    } catch (PatternSyntaxException e) {
      throw new SyntaxError("regexp/syntax: internal error", s);
    }
  }

  String source() {
    return s;
  }

  int pos() {
    return pos;
  }

  void advance(int n) {
    pos += n;
  }

  int nextRune() {
    int c = s.codePointAt(pos);
    pos += Character.charCount(c);
    return c;
  }

  private boolean on(int flag) {
    return (flags & flag) != 0;
  }

  private void add(int consumed, String text, Kind kind, int product) {
    pos += consumed;
    levels.peek().pieces().add(new Piece(text, kind, product));
  }

  private void literal(int c) {
    add(0, GoRegexpClasses.javaChar(c), Kind.ATOM, 1);
  }

  private void openGroup() {
    if (pos + 1 < s.length() && s.charAt(pos + 1) == '?') {
      perlFlags();
      return;
    }
    pos++;
    captures++;
    levels.push(new Level("(", flags, new ArrayList<>()));
  }

  private void closeGroup() {
    if (levels.size() == 1) {
      throw new SyntaxError("unexpected )", s);
    }
    Level l = levels.pop();
    flags = l.savedFlags();
    int product = l.pieces().stream().mapToInt(p -> p.product).max().orElse(1);
    add(1, l.open() + join(l.pieces()) + ")", Kind.ATOM, product);
  }

  /** {@code (?P<name>}, {@code (?<name>}, {@code (?flags)} or {@code (?flags:}. */
  private void perlFlags() {
    int start = pos;
    String t = s.substring(pos);
    boolean python = t.length() > 4 && t.charAt(2) == 'P' && t.charAt(3) == '<';
    if (python || (t.length() > 3 && t.charAt(2) == '<')) {
      int end = t.indexOf('>');
      if (end < 0) {
        throw new SyntaxError("invalid named capture", t);
      }
      String name = t.substring(python ? 4 : 3, end);
      if (name.isEmpty() || !name.chars().allMatch(GoRegexpTranslator::isWordChar)) {
        throw new SyntaxError("invalid named capture", t.substring(0, end + 1));
      }
      captures++;
      names.computeIfAbsent(name, k -> new ArrayList<>()).add(captures);
      pos += end + 1;
      levels.push(new Level("(", flags, new ArrayList<>()));
      return;
    }
    pos += 2;
    int f = flags;
    boolean negate = false;
    boolean saw = false;
    while (pos < s.length()) {
      int c = nextRune();
      int flag =
          switch (c) {
            case 'i' -> FOLD;
            case 'm' -> MULTI_LINE;
            case 's' -> DOT_NL;
            case 'U' -> NON_GREEDY;
            default -> 0;
          };
      if (flag != 0) {
        f = negate ? f & ~flag : f | flag;
        saw = true;
      } else if (c == '-' && !negate) {
        negate = true;
        saw = false;
      } else if ((c == ':' || c == ')') && (!negate || saw)) {
        String fold = (f & FOLD) == (flags & FOLD) ? "" : (f & FOLD) != 0 ? "iu" : "-iu";
        if (c == ':') {
          levels.push(new Level("(?" + fold + ":", flags, new ArrayList<>()));
        } else if (!fold.isEmpty()) {
          add(0, "(?" + fold + ")", Kind.FLAGS, 1);
        }
        flags = f;
        return;
      } else {
        break;
      }
    }
    throw new SyntaxError("invalid or unsupported Perl syntax", s.substring(start, pos));
  }

  private boolean counted(int start) {
    int[] r = repeatBounds();
    if (r == null) {
      literal(nextRune());
      return false;
    }
    int min = r[0];
    int max = r[1];
    pos = r[2];
    if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
      throw new SyntaxError("invalid repeat count", s.substring(start, pos));
    }
    String java =
        max == min ? "{" + min + "}" : max < 0 ? "{" + min + ",}" : "{" + min + "," + max + "}";
    repeat(start, min, max, java, true);
    return true;
  }

  /**
   * {@code {min}}, {@code {min,}} or {@code {min,max}} at {@code pos}: min, max (-1: none), end.
   */
  private int[] repeatBounds() {
    int[] min = decimal(pos + 1);
    if (min == null || min[1] >= s.length()) {
      return null;
    }
    int i = min[1];
    int max = min[0];
    int lo = min[0];
    if (s.charAt(i) == ',') {
      i++;
      if (i >= s.length()) {
        return null;
      }
      if (s.charAt(i) == '}') {
        max = -1;
      } else {
        int[] m = decimal(i);
        if (m == null) {
          return null;
        }
        max = m[0];
        i = m[1];
        if (max < 0) {
          lo = -1;
        }
      }
    }
    return i < s.length() && s.charAt(i) == '}' ? new int[] {lo, max, i + 1} : null;
  }

  /** A decimal without leading zeros at {@code i}: value (-1 when too big) and end, or null. */
  private int[] decimal(int i) {
    if (i >= s.length() || !isDigit(s.charAt(i))) {
      return null;
    }
    if (s.charAt(i) == '0' && i + 1 < s.length() && isDigit(s.charAt(i + 1))) {
      return null;
    }
    int n = 0;
    for (; i < s.length() && isDigit(s.charAt(i)); i++) {
      n = n < 0 || n >= 100_000_000 ? -1 : n * 10 + s.charAt(i) - '0';
    }
    return new int[] {n, i};
  }

  private void repeat(int start, int min, int max, String java, boolean counted) {
    boolean lazy = pos < s.length() && s.charAt(pos) == '?';
    if (lazy) {
      pos++;
    }
    if (lastRepeat >= 0) {
      throw new SyntaxError("invalid nested repetition operator", s.substring(lastRepeat, pos));
    }
    Piece arg = argument();
    if (arg == null) {
      throw new SyntaxError("missing argument to repetition operator", s.substring(start, pos));
    }
    int factor = !counted || max == 0 ? 1 : Math.max(1, max < 0 ? min : max);
    if (counted && (min >= 2 || max >= 2) && max != 0 && (long) factor * arg.product > MAX_REPEAT) {
      throw new SyntaxError("invalid repeat count", s.substring(start, pos));
    }
    if (arg.kind == Kind.ASSERTION || arg.quantified) {
      arg.text = "(?:" + arg.text + ")";
    }
    arg.text += java + (lazy != on(NON_GREEDY) ? "?" : "");
    arg.product = counted && max == 0 ? 1 : factor * arg.product;
    arg.quantified = true;
  }

  /** What a repetition applies to: the last item of the group, flag settings passed over. */
  private Piece argument() {
    List<Piece> pieces = levels.peek().pieces();
    for (int i = pieces.size() - 1; i >= 0; i--) {
      Kind k = pieces.get(i).kind;
      if (k != Kind.FLAGS) {
        return k == Kind.BAR ? null : pieces.get(i);
      }
    }
    return null;
  }

  private void escape() {
    if (pos + 1 < s.length()) {
      char c = s.charAt(pos + 1);
      switch (c) {
        case 'A' -> add(2, "\\A", Kind.ASSERTION, 1);
        case 'z' -> add(2, "\\z", Kind.ASSERTION, 1);
        case 'b' -> add(2, WORD_BOUNDARY, Kind.ASSERTION, 1);
        case 'B' -> add(2, NOT_WORD_BOUNDARY, Kind.ASSERTION, 1);
        case 'C' -> throw new SyntaxError("invalid escape sequence", "\\C");
        case 'Q' -> {
          int end = s.indexOf("\\E", pos + 2);
          String quoted = s.substring(pos + 2, end < 0 ? s.length() : end);
          pos = end < 0 ? s.length() : end + 2;
          quoted.codePoints().forEach(this::literal);
        }
        case 'p', 'P' -> add(0, GoRegexpClasses.unicode(this), Kind.ATOM, 1);
        default -> {
          String perl = GoRegexpClasses.perl(s.substring(pos, pos + 2));
          if (perl != null) {
            add(2, perl, Kind.ATOM, 1);
          } else {
            literal(escapedRune());
          }
        }
      }
      return;
    }
    literal(escapedRune());
  }

  /** A single-character escape at {@code pos} ({@code \n}, {@code \x41}, {@code \101}, …). */
  int escapedRune() {
    int start = pos++;
    if (pos >= s.length()) {
      throw new SyntaxError("trailing backslash at end of expression", "");
    }
    int c = nextRune();
    if (c < 0x80 && !isAlnum(c)) {
      return c;
    }
    switch (c) {
      case '1', '2', '3', '4', '5', '6', '7', '0' -> {
        if (c == '0' || (pos < s.length() && isOctal(s.charAt(pos)))) {
          int r = c - '0';
          for (int i = 1; i < 3 && pos < s.length() && isOctal(s.charAt(pos)); i++) {
            r = r * 8 + s.charAt(pos++) - '0';
          }
          return r;
        }
      }
      case 'x' -> {
        int r = hexEscape();
        if (r >= 0) {
          return r;
        }
      }
      case 'a' -> {
        return 7;
      }
      case 'f' -> {
        return '\f';
      }
      case 'n' -> {
        return '\n';
      }
      case 'r' -> {
        return '\r';
      }
      case 't' -> {
        return '\t';
      }
      case 'v' -> {
        return 0x0B;
      }
      default -> {}
    }
    throw new SyntaxError("invalid escape sequence", s.substring(start, pos));
  }

  /** After {@code \x}: two hex digits or {@code {hex…}}; -1 when malformed. */
  private int hexEscape() {
    if (pos >= s.length()) {
      return -1;
    }
    int c = nextRune();
    if (c == '{') {
      int r = 0;
      int digits = 0;
      while (true) {
        if (pos >= s.length()) {
          return -1;
        }
        int d = nextRune();
        if (d == '}') {
          return digits == 0 ? -1 : r;
        }
        if (Character.digit(d, 16) < 0 || d > 'f') {
          return -1;
        }
        r = r * 16 + Character.digit(d, 16);
        if (r > Character.MAX_CODE_POINT) {
          return -1;
        }
        digits++;
      }
    }
    int x = c > 'f' ? -1 : Character.digit(c, 16);
    int d = pos < s.length() ? nextRune() : -1;
    int y = d < 0 || d > 'f' ? -1 : Character.digit(d, 16);
    return x < 0 || y < 0 ? -1 : x * 16 + y;
  }

  private static String join(List<Piece> pieces) {
    StringBuilder out = new StringBuilder();
    pieces.forEach(p -> out.append(p.text));
    return out.toString();
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isOctal(int c) {
    return c >= '0' && c <= '7';
  }

  static boolean isAlnum(int c) {
    return isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isWordChar(int c) {
    return c == '_' || isAlnum(c);
  }
}
