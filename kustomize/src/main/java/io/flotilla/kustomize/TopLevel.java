package io.flotilla.kustomize;

import java.util.ArrayList;
import java.util.List;

/** Splitting that leaves bracketed parts whole: field paths on dots, selectors on commas. */
final class TopLevel {
  private TopLevel() {}

  /** {@code s} split at each {@code separator} outside {@code open}…{@code close}. */
  static List<String> split(String s, char separator, char open, char close) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int depth = 0;
    for (char c : s.toCharArray()) {
      if (c == open) depth++;
      if (c == close) depth--;
      if (c == separator && depth == 0) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
