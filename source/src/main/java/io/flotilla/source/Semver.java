package io.flotilla.source;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic versions and the range syntax Flux accepts in {@code spec.ref.semver} (Masterminds
 * semver v3: {@code =, !=, >, <, >=, <=, ~, ~>, ^}, wildcards {@code x X *}, hyphen ranges, AND
 * with comma or space, OR with {@code ||}). Pre-releases only match a range that itself names a
 * pre-release.
 */
public final class Semver {
  private Semver() {}

  record Version(
      BigInteger major, BigInteger minor, BigInteger patch, String prerelease, String original)
      implements Comparable<Version> {

    private static final Pattern VERSION =
        Pattern.compile(
            "v?(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*))?(?:\\.(0|[1-9]\\d*))?"
                + "(?:-([0-9A-Za-z\\-]+(?:\\.[0-9A-Za-z\\-]+)*))?"
                + "(?:\\+([0-9A-Za-z\\-]+(?:\\.[0-9A-Za-z\\-]+)*))?");

    /** Parses a tag such as {@code v1.2.3}, {@code 1.2} or {@code 1.0.0-rc.1+build}. */
    static Optional<Version> parse(String s) {
      Matcher m = VERSION.matcher(s);
      if (!m.matches()) {
        return Optional.empty();
      }
      return Optional.of(
          new Version(num(m.group(1)), num(m.group(2)), num(m.group(3)), m.group(4), s));
    }

    private static BigInteger num(String s) {
      return s == null ? BigInteger.ZERO : new BigInteger(s);
    }

    boolean isPrerelease() {
      return prerelease != null;
    }

    @Override
    public int compareTo(Version o) {
      int c = major.compareTo(o.major);
      if (c == 0) c = minor.compareTo(o.minor);
      if (c == 0) c = patch.compareTo(o.patch);
      if (c != 0) return c;
      if (prerelease == null) return o.prerelease == null ? 0 : 1;
      if (o.prerelease == null) return -1;
      return comparePrerelease(prerelease, o.prerelease);
    }

    private static int comparePrerelease(String a, String b) {
      String[] as = a.split("\\.");
      String[] bs = b.split("\\.");
      for (int i = 0; i < Math.min(as.length, bs.length); i++) {
        boolean an = as[i].chars().allMatch(Character::isDigit);
        boolean bn = bs[i].chars().allMatch(Character::isDigit);
        int c;
        if (an && bn) c = new BigInteger(as[i]).compareTo(new BigInteger(bs[i]));
        else if (an) c = -1;
        else if (bn) c = 1;
        else c = as[i].compareTo(bs[i]);
        if (c != 0) return c;
      }
      return Integer.compare(as.length, bs.length);
    }
  }

  /** A parsed range; {@link #test} says whether a version satisfies it. */
  public record Range(String text, Predicate<Version> predicate, boolean allowsPrerelease) {
    /** Whether {@code version} parses as a semantic version and satisfies the range. */
    public boolean matches(String version) {
      return Version.parse(version).map(this::test).orElse(false);
    }

    boolean test(Version v) {
      if (v.isPrerelease() && !allowsPrerelease) {
        return false;
      }
      return predicate.test(v);
    }
  }

  private static final Pattern TERM =
      Pattern.compile(
          "(=|!=|>=|=>|<=|=<|>|<|~>|~|\\^)?\\s*v?"
              + "(\\*|[xX]|0|[1-9]\\d*)(?:\\.(\\*|[xX]|0|[1-9]\\d*))?(?:\\.(\\*|[xX]|0|[1-9]\\d*))?"
              + "(?:-([0-9A-Za-z\\-]+(?:\\.[0-9A-Za-z\\-]+)*))?"
              + "(?:\\+[0-9A-Za-z\\-]+(?:\\.[0-9A-Za-z\\-]+)*)?");

  /**
   * Parses a range, or throws {@link IllegalArgumentException} with a message naming the part that
   * is not understood.
   */
  public static Range range(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("improper constraint: empty");
    }
    Predicate<Version> any = null;
    boolean pre = false;
    for (String alternative : text.split("\\|\\|")) {
      Predicate<Version> all = v -> true;
      String alt = alternative.trim();
      // hyphen ranges "1.2 - 1.4.5" become ">= 1.2 <= 1.4.5"
      alt = alt.replaceAll("(\\S+)\\s+-\\s+(\\S+)", ">=$1,<=$2");
      // normalise "op version" spacing so AND can be split on commas and spaces
      alt = alt.replaceAll("(=|!=|>=|=>|<=|=<|>|<|~>|~|\\^)\\s+", "$1");
      List<String> terms = new ArrayList<>();
      for (String t : alt.split("[,\\s]+")) {
        if (!t.isBlank()) terms.add(t);
      }
      if (terms.isEmpty()) {
        throw new IllegalArgumentException("improper constraint: " + text);
      }
      for (String t : terms) {
        Matcher m = TERM.matcher(t);
        if (!m.matches()) {
          throw new IllegalArgumentException("improper constraint: " + t);
        }
        if (m.group(5) != null) pre = true;
        all = all.and(term(m));
      }
      any = any == null ? all : any.or(all);
    }
    return new Range(text, any, pre);
  }

  private static Predicate<Version> term(Matcher m) {
    String op = m.group(1) == null ? "=" : m.group(1);
    String[] parts = {m.group(2), m.group(3), m.group(4)};
    // number of leading concrete components (wildcards and missing parts are "dirty")
    int fixed = 0;
    while (fixed < 3 && parts[fixed] != null && !isWild(parts[fixed])) fixed++;
    BigInteger[] n = new BigInteger[3];
    for (int i = 0; i < 3; i++) n[i] = i < fixed ? new BigInteger(parts[i]) : BigInteger.ZERO;
    Version low = new Version(n[0], n[1], n[2], m.group(5), m.group());
    if (fixed == 0) {
      return switch (op) {
        case "!=", "<", ">" -> v -> false;
        default -> v -> true;
      };
    }
    // the first version after the wildcard span, e.g. 1.2.x -> 1.3.0
    Version upperOfSpan = fixed == 3 ? null : bump(n, fixed - 1);
    return switch (op) {
      case "=" ->
          fixed == 3
              ? v -> v.compareTo(low) == 0
              : v -> v.compareTo(low) >= 0 && v.compareTo(upperOfSpan) < 0;
      case "!=" ->
          fixed == 3
              ? v -> v.compareTo(low) != 0
              : v -> v.compareTo(low) < 0 || v.compareTo(upperOfSpan) >= 0;
      case ">" -> fixed == 3 ? v -> v.compareTo(low) > 0 : v -> v.compareTo(upperOfSpan) >= 0;
      case ">=", "=>" -> v -> v.compareTo(low) >= 0;
      case "<" -> v -> v.compareTo(low) < 0;
      case "<=", "=<" ->
          fixed == 3 ? v -> v.compareTo(low) <= 0 : v -> v.compareTo(upperOfSpan) < 0;
      case "~", "~>" -> {
        Version up = fixed == 1 ? bump(n, 0) : bump(n, 1);
        yield v -> v.compareTo(low) >= 0 && v.compareTo(up) < 0;
      }
      case "^" -> {
        int idx;
        if (n[0].signum() > 0 || fixed == 1) idx = 0;
        else if (n[1].signum() > 0 || fixed == 2) idx = 1;
        else idx = 2;
        Version up = bump(n, idx);
        yield v -> v.compareTo(low) >= 0 && v.compareTo(up) < 0;
      }
      default -> throw new IllegalArgumentException("improper constraint operator: " + op);
    };
  }

  private static boolean isWild(String s) {
    return s.equals("*") || s.equalsIgnoreCase("x");
  }

  private static Version bump(BigInteger[] n, int idx) {
    BigInteger[] b = new BigInteger[3];
    for (int i = 0; i < 3; i++) {
      b[i] = i < idx ? n[i] : i == idx ? n[i].add(BigInteger.ONE) : BigInteger.ZERO;
    }
    // "-0" is the lowest pre-release, so a bound like 1.3.0-0 also excludes 1.3.0 pre-releases
    return new Version(b[0], b[1], b[2], "0", "");
  }

  /** Whether {@code s} parses as a semantic version ({@code v} prefix and short forms allowed). */
  public static boolean isVersion(String s) {
    return s != null && Version.parse(s).isPresent();
  }

  /**
   * Orders two versions by semver precedence (build metadata ignored); both must satisfy {@link
   * #isVersion}.
   */
  public static int compare(String a, String b) {
    return Version.parse(a).orElseThrow().compareTo(Version.parse(b).orElseThrow());
  }

  /**
   * {@code version} with its build metadata replaced by {@code metadata}, in canonical form ({@code
   * v1.2} becomes {@code 1.2.0+meta}), as Masterminds' {@code SetMetadata} then {@code String} give
   * it.
   *
   * @throws IllegalArgumentException when the version does not parse or the metadata has characters
   *     semver does not allow
   */
  public static String withMetadata(String version, String metadata) {
    Version v =
        Version.parse(version)
            .orElseThrow(
                () -> new IllegalArgumentException("Invalid Semantic Version: " + version));
    if (!metadata.matches("[0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*")) {
      throw new IllegalArgumentException("Invalid Metadata string: " + metadata);
    }
    return v.major()
        + "."
        + v.minor()
        + "."
        + v.patch()
        + (v.prerelease() == null ? "" : "-" + v.prerelease())
        + "+"
        + metadata;
  }

  /** The highest of the tags that parse as versions and satisfy the range. */
  public static Optional<String> best(Range range, Iterable<String> tags) {
    Version best = null;
    for (String tag : tags) {
      Optional<Version> v = Version.parse(tag);
      if (v.isPresent() && range.test(v.get()) && (best == null || v.get().compareTo(best) > 0)) {
        best = v.get();
      }
    }
    return Optional.ofNullable(best).map(Version::original);
  }
}
