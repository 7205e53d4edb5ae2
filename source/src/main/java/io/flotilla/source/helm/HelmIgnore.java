package io.flotilla.source.helm;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code .helmignore} as Helm reads it: one glob per line, {@code #} comments, {@code !} negates, a
 * trailing {@code /} matches directories only, a pattern without {@code /} matches the base name,
 * one with {@code /} the path from the chart root; the last matching rule wins.
 */
final class HelmIgnore {
  private record Rule(PathMatcher matcher, boolean negate, boolean dirOnly, boolean basename) {}

  private final List<Rule> rules = new ArrayList<>();

  static HelmIgnore parse(String text) {
    HelmIgnore h = new HelmIgnore();
    // Helm always ignores dotfiles directly under templates/
    h.add("templates/.?*");
    if (text != null) {
      text.lines().forEach(h::add);
    }
    return h;
  }

  private void add(String line) {
    String p = line.strip();
    if (p.isEmpty() || p.startsWith("#") || p.equals("/") || p.contains("**")) {
      return;
    }
    boolean negate = p.startsWith("!");
    if (negate) {
      p = p.substring(1);
    }
    boolean dirOnly = p.endsWith("/");
    if (dirOnly) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.isEmpty()) {
      return;
    }
    try {
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p);
      rules.add(new Rule(m, negate, dirOnly, !p.contains("/")));
    } catch (IllegalArgumentException ignored) {
      // Helm skips patterns it cannot compile as well
    }
  }

  /** Whether {@code rel} (slash-separated, relative to the chart root) is ignored. */
  boolean ignored(String rel, boolean dir) {
    boolean ignored = false;
    Path path = Path.of(rel);
    Path base = path.getFileName();
    for (Rule r : rules) {
      if (r.dirOnly() && !dir) {
        continue;
      }
      if (r.matcher().matches(r.basename() ? base : path)) {
        ignored = !r.negate();
      }
    }
    return ignored;
  }
}
