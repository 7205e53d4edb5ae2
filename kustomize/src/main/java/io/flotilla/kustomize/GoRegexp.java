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

  /** The Java pattern: group numbers are Go's; {@code find} is Go's {@code MatchString}. */
  public Pattern pattern() {
    return pattern;
  }

  /**
   * The text of the leftmost group named {@code name} that took part in the match, as Go's {@code
   * Expand} reads {@code $name}; null when there is none.
   */
  public String group(Matcher m, String name) {
    for (int g : names.getOrDefault(name, List.of())) {
      if (m.group(g) != null) {
        return m.group(g);
      }
    }
    return null;
  }

  /** The names of its named groups, as Go's {@code SubexpNames} lists them (without the empty). */
  public Set<String> groupNames() {
    return names.keySet();
  }

  @Override
  public String toString() {
    return expr;
  }

  /** Go's {@code *syntax.Error}: its message is the one Go prints. */
  public static final class SyntaxError extends IllegalArgumentException {
    SyntaxError(String code, String expr) {
      super("error parsing regexp: " + code + ": `" + expr + "`");
    }
  }
}
