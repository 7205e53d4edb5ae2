package io.flotilla.server.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A rollout as validated and stored: the assignment it belongs to, the revision it takes to the
 * clusters ({@code targetRevision}), the last good one it started from ({@code baseRevision}), and
 * its waves with their clusters resolved to ids when it was created (a wave is a fixed set). A
 * configuration rollout also has the configuration it changes and the patch (null for an
 * assignment's); its {@code assignmentKey} is its own key (the subject it rolls out over).
 */
record RolloutPlan(
    String assignmentKey,
    long targetRevision,
    long baseRevision,
    boolean rollbackOnFailure,
    List<PlannedWave> waves,
    String configurationName,
    JsonNode patch) {

  /**
   * One wave: its cluster ids in order, as given ({@code clusters} or {@code matchTags}), how many
   * may be updating at once, and its bake time.
   */
  record PlannedWave(
      String name,
      List<String> clusterIds,
      List<String> clusters,
      Map<String, String> matchTags,
      String maxUnavailable,
      long bakeTimeInSeconds) {

    /** {@code maxUnavailable} as a number of clusters: a percentage rounds down, at least 1. */
    int maxUnavailableClusters() {
      if (maxUnavailable.endsWith("%")) {
        int percent = Integer.parseInt(maxUnavailable.substring(0, maxUnavailable.length() - 1));
        return Math.max(1, clusterIds.size() * percent / 100);
      }
      return Integer.parseInt(maxUnavailable);
    }
  }
}
