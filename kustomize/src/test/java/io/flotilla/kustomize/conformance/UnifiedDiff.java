package io.flotilla.kustomize.conformance;

import java.util.ArrayList;
import java.util.List;

/** A line-based unified diff (LCS), enough to show why a conformance case differs. */
final class UnifiedDiff {
  private static final int CONTEXT = 3;
  private static final int MAX_LINES = 4_000;

  private UnifiedDiff() {}

  static String of(String expectedName, String expected, String actualName, String actual) {
    List<String> a = lines(expected);
    List<String> b = lines(actual);
    if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
      return "(outputs too long to diff: %d vs %d lines)".formatted(a.size(), b.size());
    }
    // edits: ' ' same, '-' only in expected, '+' only in actual
    List<String> edits = new ArrayList<>();
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        edits.add(" " + a.get(i++));
        j++;
      } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        edits.add("-" + a.get(i++));
      } else {
        edits.add("+" + b.get(j++));
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(expectedName).append('\n');
    out.append("+++ ").append(actualName).append('\n');
    int k = 0;
    while (k < edits.size()) {
      if (edits.get(k).charAt(0) == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - CONTEXT);
      int end = k;
      // extend the hunk while changes are within 2*CONTEXT lines of each other
      int lastChange = k;
      while (end < edits.size() && end - lastChange <= 2 * CONTEXT) {
        if (edits.get(end).charAt(0) != ' ') {
          lastChange = end;
        }
        end++;
      }
      end = Math.min(edits.size(), lastChange + CONTEXT + 1);
      int oldLine = 1;
      int newLine = 1;
      for (int x = 0; x < start; x++) {
        char c = edits.get(x).charAt(0);
        if (c != '+') oldLine++;
        if (c != '-') newLine++;
      }
      int oldCount = 0;
      int newCount = 0;
      for (int x = start; x < end; x++) {
        char c = edits.get(x).charAt(0);
        if (c != '+') oldCount++;
        if (c != '-') newCount++;
      }
      out.append("@@ -%d,%d +%d,%d @@%n".formatted(oldLine, oldCount, newLine, newCount));
      for (int x = start; x < end; x++) {
        out.append(visible(edits.get(x))).append('\n');
      }
      k = end;
    }
    if (!expected.endsWith("\n") || !actual.endsWith("\n")) {
      out.append(
          "(final newline: expected %s, actual %s)%n"
              .formatted(expected.endsWith("\n"), actual.endsWith("\n")));
    }
    return out.toString();
  }

  private static List<String> lines(String s) {
    List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
    if (!out.isEmpty() && out.getLast().isEmpty()) {
      out.removeLast();
    }
    return out;
  }

  /** Trailing blanks, tabs and carriage returns are what byte-for-byte diffs usually hide. */
  private static String visible(String line) {
    String s = line.replace("\t", "→").replace("\r", "␍");
    int end = s.length();
    while (end > 1 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return end == s.length() ? s : s.substring(0, end) + "·".repeat(s.length() - end);
  }
}
