package io.flotilla.source.oci;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The semver ranges Flux accepts for {@code spec.ref.semver} (Masterminds: {@code = != > < >= <= ~
 * ^}, wildcards, AND with comma or space, OR with {@code ||}); picks the highest matching tag.
 * Pre-releases match only a range that names one.
 */
final class OciSemver {
  private OciSemver() {}

  record Version(BigInteger[] n, String pre, String tag) implements Comparable<Version> {
    private static final Pattern V =
        Pattern.compile(
            "v?(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*))?(?:\\.(0|[1-9]\\d*))?(?:-([0-9A-Za-z.\\-]+))?(?:\\+[0-9A-Za-z.\\-]+)?");

    static Optional<Version> parse(String s) {
      Matcher m = V.matcher(s);
      if (!m.matches()) {
        return Optional.empty();
      }
      return Optional.of(
          new Version(
              new BigInteger[] {num(m.group(1)), num(m.group(2)), num(m.group(3))}, m.group(4), s));
    }

    private static BigInteger num(String s) {
      return s == null ? BigInteger.ZERO : new BigInteger(s);
    }

    @Override
    public int compareTo(Version o) {
      for (int i = 0; i < 3; i++) {
        int c = n[i].compareTo(o.n[i]);
        if (c != 0) {
          return c;
        }
      }
      if (pre == null || o.pre == null) {
        return pre == null ? (o.pre == null ? 0 : 1) : -1;
      }
      String[] a = pre.split("\\.");
      String[] b = o.pre.split("\\.");
      for (int i = 0; i < Math.min(a.length, b.length); i++) {
        boolean an = a[i].matches("\\d+");
        boolean bn = b[i].matches("\\d+");
        int c =
            an && bn
                ? new BigInteger(a[i]).compareTo(new BigInteger(b[i]))
                : an ? -1 : bn ? 1 : a[i].compareTo(b[i]);
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(a.length, b.length);
    }
  }

  private static final Pattern TERM =
      Pattern.compile(
          "(=|!=|>=|<=|>|<|~>|~|\\^)?\\s*v?([0-9xX*]+)(?:\\.([0-9xX*]+))?(?:\\.([0-9xX*]+))?(?:-([0-9A-Za-z.\\-]+))?");

  /** The highest tag matching {@code range}, if any. */
  static Optional<String> best(String range, Iterable<String> tags) {
    Predicate<Version> p = parse(range);
    boolean allowPre = range.contains("-");
    Version best = null;
    for (String t : tags) {
      Optional<Version> v = Version.parse(t);
      if (v.isEmpty() || (v.get().pre() != null && !allowPre) || !p.test(v.get())) {
        continue;
      }
      if (best == null || v.get().compareTo(best) > 0) {
        best = v.get();
      }
    }
    return Optional.ofNullable(best).map(Version::tag);
  }

  static Predicate<Version> parse(String range) {
    Predicate<Version> any = null;
    for (String alt : range.split("\\|\\|")) {
      Predicate<Version> all = v -> true;
      String s = alt.trim().replaceAll("(=|!=|>=|<=|>|<|~>|~|\\^)\\s+", "$1");
      Matcher hyphen = Pattern.compile("^(\\S+)\\s+-\\s+(\\S+)$").matcher(s);
      if (hyphen.matches()) {
        s = ">=" + hyphen.group(1) + " <=" + hyphen.group(2);
      }
      List<String> terms = new ArrayList<>();
      for (String t : s.split("[,\\s]+")) {
        if (!t.isBlank()) {
          terms.add(t);
        }
      }
      if (terms.isEmpty()) {
        throw new IllegalArgumentException("spec.ref.semver '%s' is empty".formatted(range));
      }
      for (String t : terms) {
        all = all.and(term(t, range));
      }
      any = any == null ? all : any.or(all);
    }
    return any;
  }

  private static Predicate<Version> term(String t, String range) {
    Matcher m = TERM.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "spec.ref.semver '%s' is not a valid semver range: cannot parse '%s'"
              .formatted(range, t));
    }
    String op = m.group(1) == null ? "=" : m.group(1);
    String[] parts = {m.group(2), m.group(3), m.group(4)};
    int count = 0;
    while (count < 3 && parts[count] != null && !parts[count].matches("[xX*]")) {
      count++;
    }
    final int fixed = count;
    BigInteger[] n = new BigInteger[3];
    for (int i = 0; i < 3; i++) {
      n[i] = i < fixed ? new BigInteger(parts[i]) : BigInteger.ZERO;
    }
    Version v = new Version(n, fixed == 3 ? m.group(5) : null, t);
    Version upper = fixed == 0 ? null : bump(n, fixed - 1);
    return switch (op) {
      case "=" -> fixed == 3 ? x -> x.compareTo(v) == 0 : x -> inRange(x, v, upper);
      case "!=" -> fixed == 3 ? x -> x.compareTo(v) != 0 : x -> !inRange(x, v, upper);
      case ">" ->
          fixed == 3 ? x -> x.compareTo(v) > 0 : x -> upper == null || x.compareTo(upper) >= 0;
      case ">=" -> x -> x.compareTo(v) >= 0;
      case "<" -> x -> x.compareTo(v) < 0;
      case "<=" ->
          fixed == 3 ? x -> x.compareTo(v) <= 0 : x -> upper == null || x.compareTo(upper) < 0;
      case "~", "~>" -> x -> inRange(x, v, bump(n, fixed >= 2 ? 1 : Math.max(fixed - 1, 0)));
      case "^" -> {
        int idx = n[0].signum() != 0 || fixed <= 1 ? 0 : n[1].signum() != 0 || fixed == 2 ? 1 : 2;
        yield x -> inRange(x, v, bump(n, idx));
      }
      default -> throw new IllegalArgumentException("unknown operator " + op);
    };
  }

  private static boolean inRange(Version x, Version lo, Version hi) {
    return x.compareTo(lo) >= 0 && (hi == null || x.compareTo(hi) < 0);
  }

  private static Version bump(BigInteger[] n, int idx) {
    BigInteger[] b = new BigInteger[3];
    for (int i = 0; i < 3; i++) {
      b[i] = i < idx ? n[i] : i == idx ? n[i].add(BigInteger.ONE) : BigInteger.ZERO;
    }
    // "-0" is the lowest pre-release, so 1.3.0-rc.1 stays outside "< 1.3.0"-style upper bounds
    return new Version(b, "0", "");
  }
}
