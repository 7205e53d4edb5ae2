package io.flotilla.source.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One line of gitignore syntax, scoped to the directory ({@code domain}) whose ignore file held it.
 * Matching follows git: a pattern without an inner slash matches any path component below the
 * domain; a pattern with one is anchored to the domain; {@code **} spans directories; a trailing
 * slash matches directories only (and everything below them).
 */
record IgnorePattern(
    List<String> domain, List<String> parts, boolean negate, boolean dirOnly, boolean anchored) {

  enum Result {
    NONE,
    EXCLUDE,
    INCLUDE
  }

  /** Parses one line; returns null for blank lines and comments. */
  static IgnorePattern parse(String line, List<String> domain) {
    String p = stripTrailingSpaces(line);
    if (p.isEmpty() || p.startsWith("#")) {
      return null;
    }
    boolean negate = false;
    if (p.startsWith("!")) {
      negate = true;
      p = p.substring(1);
    } else if (p.startsWith("\\!") || p.startsWith("\\#")) {
      p = p.substring(1);
    }
    boolean dirOnly = p.endsWith("/") && !p.endsWith("\\/");
    if (dirOnly) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      return null;
    }
    boolean anchored = p.contains("/");
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    List<String> parts = new ArrayList<>(List.of(p.split("/", -1)));
    return new IgnorePattern(List.copyOf(domain), List.copyOf(parts), negate, dirOnly, anchored);
  }

  /** Whether this pattern decides about {@code path} (components relative to the tree root). */
  Result match(List<String> path, boolean isDir) {
    if (path.size() <= domain.size() || !path.subList(0, domain.size()).equals(domain)) {
      return Result.NONE;
    }
    List<String> rel = path.subList(domain.size(), path.size());
    boolean hit = anchored ? anchoredMatch(rel, isDir) : anyComponentMatch(rel, isDir);
    if (!hit) {
      return Result.NONE;
    }
    return negate ? Result.INCLUDE : Result.EXCLUDE;
  }

  private boolean anyComponentMatch(List<String> rel, boolean isDir) {
    Pattern glob = Glob.compile(parts.get(0));
    for (int i = 0; i < rel.size(); i++) {
      if (glob.matcher(rel.get(i)).matches()) {
        // a dir-only pattern matching the last component needs that component to be a directory
        return !(dirOnly && !isDir && i == rel.size() - 1);
      }
    }
    return false;
  }

  private boolean anchoredMatch(List<String> rel, boolean isDir) {
    return matchFrom(0, rel, 0, isDir);
  }

  // Matches parts[pi..] against rel[ri..]; a match may end before the path does, because an
  // excluded directory excludes everything below it.
  private boolean matchFrom(int pi, List<String> rel, int ri, boolean isDir) {
    if (pi == parts.size()) {
      if (ri == 0) {
        return false;
      }
      boolean consumedAll = ri == rel.size();
      return !(dirOnly && consumedAll && !isDir);
    }
    String part = parts.get(pi);
    if (part.equals("**")) {
      if (pi == parts.size() - 1) {
        // trailing "**" matches everything inside, but not the directory itself
        return ri < rel.size();
      }
      for (int k = ri; k <= rel.size(); k++) {
        if (matchFrom(pi + 1, rel, k, isDir)) {
          return true;
        }
      }
      return false;
    }
    if (ri >= rel.size()) {
      return false;
    }
    if (!Glob.compile(part).matcher(rel.get(ri)).matches()) {
      return false;
    }
    return matchFrom(pi + 1, rel, ri + 1, isDir);
  }

  private static String stripTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      if (end > 1 && s.charAt(end - 2) == '\\') {
        break;
      }
      end--;
    }
    String out = s.substring(0, end);
    return out.endsWith("\r") ? out.substring(0, out.length() - 1) : out;
  }

  /** Shell-style glob for one path component: {@code * ? [abc] [!a-z] \x}. */
  static final class Glob {
    private Glob() {}

    static Pattern compile(String glob) {
      StringBuilder re = new StringBuilder();
      for (int i = 0; i < glob.length(); i++) {
        char ch = glob.charAt(i);
        switch (ch) {
          case '*' -> re.append("[^/]*");
          case '?' -> re.append("[^/]");
          case '\\' -> {
            if (i + 1 < glob.length()) {
              re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
              re.append("\\\\");
            }
          }
          case '[' -> {
            int close = glob.indexOf(']', i + 2);
            if (close < 0) {
              re.append("\\[");
            } else {
              String body = glob.substring(i + 1, close);
              if (body.startsWith("!") || body.startsWith("^")) {
                body = "^" + body.substring(1);
              }
              re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
              i = close;
            }
          }
          default -> re.append(Pattern.quote(String.valueOf(ch)));
        }
      }
      return Pattern.compile(re.toString());
    }
  }
}
