package io.flotilla.testkit;

import java.util.Collections;

/** Hostile YAML for the tests that prove it is read within bounds. */
public final class YamlBombs {
  private YamlBombs() {}

  /**
   * "A billion laughs": keys {@code a0} … {@code a<levels>}, each an anchored list of {@code
   * fanout} aliases of the one before ({@code a0} holds {@code fanout} scalars), so the last
   * expands to fanout^(levels+1) scalars: nine levels of nine are 3.9 billion from under 1 KB.
   *
   * @param indent put in front of every line, to nest the keys in a mapping
   */
  public static String laughs(int levels, int fanout, String indent) {
    StringBuilder yaml = new StringBuilder();
    yaml.append(indent)
        .append("a0: &a0 [")
        .append(String.join(",", Collections.nCopies(fanout, "lol")));
    yaml.append("]\n");
    for (int i = 1; i <= levels; i++) {
      yaml.append(indent).append("a%d: &a%d [".formatted(i, i));
      yaml.append(String.join(",", Collections.nCopies(fanout, "*a" + (i - 1)))).append("]\n");
    }
    return yaml.toString();
  }

  /** The 1 KB bomb of the issue: nine levels of nine, as top-level keys. */
  public static String laughs() {
    return laughs(9, 9, "");
  }
}
