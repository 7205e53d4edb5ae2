package io.flotilla.kustomize;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression in Go's syntax (RE2, as {@code regexp.Compile} reads it), matched with
 * {@code java.util.regex}. Flux, kustomize and the flux CLI take user regexes in this syntax:
 * ImagePolicy {@code filterTags.pattern} (whose documented example is {@code (?P<ts>.*)}), the
 * exclusion lists of ImageRepository and Alert, kustomize target names. The expression is
 * translated, not passed through, because the two dialects disagree: Go's {@code (?P<name>…)},
 * {@code [[:alpha:]]}, octal {@code \123} and {@code (?U)} are errors or mean something else in
 * Java, Java's {@code &&} and nested {@code [} in classes are literals in Go, {@code $} and {@code
 * .} treat line terminators differently, and what RE2 refuses (back-references, look-arounds,
 * possessive quantifiers) fails here with Go's message instead of being accepted.
 */
public final class GoRegexp {
  static final long STEPS_PER_CHAR = 100_000;
  private final String expr;
  private final Pattern pattern;
  private final Map<String, List<Integer>> names;

  GoRegexp(String expr, Pattern pattern, Map<String, List<Integer>> names) {
    this.expr = expr;
    this.pattern = pattern;
    this.names = names;
  }

  /**
   * @throws SyntaxError with Go's message ({@code error parsing regexp: …}) when Go refuses it
   */
  public static GoRegexp compile(String expr) {
    return new GoRegexpTranslator(expr).translate();
  }

  /**
   * A matcher over {@code input}: group numbers are Go's, {@code find} is Go's {@code MatchString}.
   * Java's matcher backtracks where Go's runs in linear time, so a nested repetition such as {@code
   * (a+)+} could take years on a text Go matches at once; the matcher therefore gives up with
   * {@link TooComplex} after {@value #STEPS_PER_CHAR} character reads per input character.
   */
  public Matcher matcher(CharSequence input) {
    return pattern.matcher(new Bounded(input));
  }

  /**
   * The group {@code $name} stands for in Go's {@code Expand}: a number ({@link #isGroupNumber}) is
   * that group, any other name the leftmost group of that name that took part in the match; null
   * when there is none.
   */
  public String group(Matcher m, String name) {
    if (isGroupNumber(name)) {
      int n = Integer.parseInt(name);
      return n <= m.groupCount() ? m.group(n) : null;
    }
    for (int g : names.getOrDefault(name, List.of())) {
      if (m.group(g) != null) {
        return m.group(g);
      }
    }
    return null;
  }

  /**
   * Go's {@code Expand} reads a name of ASCII digits, without a leading zero, below 1e8, as a
   * number.
   */
  public static boolean isGroupNumber(String name) {
    if (name.isEmpty() || name.length() > 8 || (name.length() > 1 && name.charAt(0) == '0')) {
      return false;
    }
    return name.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** The names of its named groups, as Go's {@code SubexpNames} lists them (without the empty). */
  public Set<String> groupNames() {
    return names.keySet();
  }

  @Override
  public String toString() {
    return expr;
  }

  /** The input read through a budget of reads, so that no expression can match for ever. */
  private final class Bounded implements CharSequence {
    private final CharSequence text;
    private long left;

    Bounded(CharSequence text) {
      this.text = text;
      this.left = STEPS_PER_CHAR * (text.length() + 1L);
    }

    @Override
    public char charAt(int index) {
      if (--left < 0) {
        throw new TooComplex(expr, text.length());
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }

  /** A match stopped at its budget: the expression backtracks too much for this input. */
  public static final class TooComplex extends IllegalArgumentException {
    TooComplex(String expr, int length) {
      super(
          ("regexp `%s` was stopped on a %d-character text: it backtracks too much here (Go's"
                  + " RE2 would not); nested repetitions such as (a+)+ cause this, simplify it")
              .formatted(expr, length));
    }
  }

  /** Go's {@code *syntax.Error}: its message is the one Go prints. */
  public static final class SyntaxError extends IllegalArgumentException {
    SyntaxError(String code, String expr) {
      super("error parsing regexp: " + code + ": `" + expr + "`");
    }
  }
}
