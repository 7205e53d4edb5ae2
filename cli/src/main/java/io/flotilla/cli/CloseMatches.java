package io.flotilla.cli;

import java.util.List;
import java.util.Optional;

/**
 * Python's {@code difflib.get_close_matches} for the short words az compares (argument choices):
 * the Ratcliff/Obershelp similarity {@code 2*M/T}, where M counts the characters of the longest
 * common blocks found recursively.
 */
final class CloseMatches {
  private CloseMatches() {}

  /** The choice most similar to {@code word} with a ratio of at least {@code cutoff}. */
  static Optional<String> best(String word, List<String> choices, double cutoff) {
    String best = null;
    double bestScore = -1;
    for (String choice : choices) {
      double score = ratio(choice, word);
      // difflib keeps the n largest (score, choice) pairs: ties go to the greater string.
      if (score >= cutoff
          && (score > bestScore || (score == bestScore && choice.compareTo(best) > 0))) {
        best = choice;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  static double ratio(String a, String b) {
    int total = a.length() + b.length();
    return total == 0 ? 1.0 : 2.0 * matches(a, 0, a.length(), b, 0, b.length()) / total;
  }

  private static int matches(String a, int alo, int ahi, String b, int blo, int bhi) {
    int bestI = alo;
    int bestJ = blo;
    int bestSize = 0;
    for (int i = alo; i < ahi; i++) {
      for (int j = blo; j < bhi; j++) {
        int k = 0;
        while (i + k < ahi && j + k < bhi && a.charAt(i + k) == b.charAt(j + k)) k++;
        if (k > bestSize) {
          bestI = i;
          bestJ = j;
          bestSize = k;
        }
      }
    }
    if (bestSize == 0) return 0;
    return bestSize
        + matches(a, alo, bestI, b, blo, bestJ)
        + matches(a, bestI + bestSize, ahi, b, bestJ + bestSize, bhi);
  }
}
