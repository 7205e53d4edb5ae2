package io.flotilla.source.bucket;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * gitignore rules applied to object keys (files, split on {@code /}), as source-controller filters
 * a bucket listing with {@code .sourceignore} plus {@code spec.ignore}. The last matching rule
 * wins, so {@code !pattern} re-includes; a rule matching a parent "directory" excludes the key.
 */
final class KeyMatcher {
  private record Rule(List<Pattern> parts, boolean negate, boolean dirOnly, boolean anchored) {}

  private final List<Rule> rules;

  private KeyMatcher(List<Rule> rules) {
    this.rules = rules;
  }

  /** Rules from gitignore text; later texts take precedence. */
  static KeyMatcher of(String... texts) {
    List<Rule> rules = new ArrayList<>();
    for (String text : texts) {
      if (text == null) {
        continue;
      }
      for (String line : text.split("\r?\n")) {
        Rule r = parse(line);
        if (r != null) {
          rules.add(r);
        }
      }
    }
    return new KeyMatcher(List.copyOf(rules));
  }

  boolean excluded(String key) {
    String[] path = key.split("/", -1);
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule r = rules.get(i);
      if (matches(r, path)) {
        return !r.negate();
      }
    }
    return false;
  }

  private static boolean matches(Rule r, String[] path) {
    if (!r.anchored()) {
      Pattern p = r.parts().get(0);
      for (int i = 0; i < path.length; i++) {
        boolean isDir = i < path.length - 1;
        if ((isDir || !r.dirOnly()) && p.matcher(path[i]).matches()) {
          return true;
        }
      }
      return false;
    }
    // anchored: the pattern must match a leading run of components; a shorter run is a parent
    // directory, which excludes everything below it
    for (int end = 1; end <= path.length; end++) {
      boolean isDir = end < path.length;
      if ((isDir || !r.dirOnly()) && glob(r.parts(), 0, path, 0, end)) {
        return true;
      }
    }
    return false;
  }

  private static boolean glob(List<Pattern> parts, int pi, String[] path, int si, int end) {
    if (pi == parts.size()) {
      return si == end;
    }
    Pattern p = parts.get(pi);
    if (p == null) { // "**"
      for (int k = si; k <= end; k++) {
        if (glob(parts, pi + 1, path, k, end)) {
          return true;
        }
      }
      return false;
    }
    return si < end && p.matcher(path[si]).matches() && glob(parts, pi + 1, path, si + 1, end);
  }

  private static Rule parse(String line) {
    String p = line.replaceAll("(?<!\\\\)\\s+$", "");
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
    boolean dirOnly = p.endsWith("/");
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
    List<Pattern> parts = new ArrayList<>();
    for (String part : p.split("/", -1)) {
      parts.add(part.equals("**") ? null : Pattern.compile(regex(part)));
    }
    if (!anchored && parts.get(0) == null) {
      return null;
    }
    return new Rule(parts, negate, dirOnly, anchored);
  }

  /** One path component's glob: {@code *}, {@code ?}, {@code [...]}, backslash escapes. */
  private static String regex(String glob) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> b.append("[^/]*");
        case '?' -> b.append("[^/]");
        case '\\' -> {
          if (i + 1 < glob.length()) {
            b.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          }
        }
        case '[' -> {
          int close = glob.indexOf(']', i + 2);
          if (close < 0) {
            b.append("\\[");
          } else {
            String set = glob.substring(i + 1, close);
            if (set.startsWith("!")) {
              set = "^" + set.substring(1);
            }
            b.append('[').append(set.replace("\\", "\\\\")).append(']');
            i = close;
          }
        }
        default -> b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return b.toString();
  }
}
