package io.flotilla.server.rollout;

import io.flotilla.server.rollout.ClusterHealth.Health;
import io.flotilla.server.rollout.RolloutPlan.PlannedWave;
import io.flotilla.server.rollout.RolloutProgress.WaveProgress;
import io.flotilla.server.rollout.RolloutProgress.WaveState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One step of one wave, decided from what its clusters report (no I/O): which clusters to move to
 * the new revision next (at most {@code maxUnavailable} not yet Compliant at a time), whether the
 * wave is healthy (every cluster Compliant on the new revision, none stale) and so baking, whether
 * the bake has lasted long enough, or whether a cluster failed the wave.
 */
final class WaveGate {
  private WaveGate() {}

  /** What to do: the wave's new progress, clusters to pin now, a failure, and what it waits on. */
  sealed interface Step permits Advance, Fail {}

  record Advance(WaveProgress progress, List<String> toPin, String message) implements Step {}

  record Fail(ClusterHealth cluster) implements Step {}

  /**
   * @param health the wave's clusters that the assignment still selects (one left the scope drops
   *     out of the wave), by id
   * @param pinned the clusters already pinned to the wave's revision
   */
  static Step evaluate(
      PlannedWave wave,
      WaveProgress progress,
      Map<String, ClusterHealth> health,
      Set<String> pinned,
      long target,
      Instant now) {
    WaveProgress p =
        progress.state() == WaveState.NotStarted
            ? new WaveProgress(WaveState.Updating, now, null, null)
            : progress;
    List<String> members = wave.clusterIds().stream().filter(health::containsKey).toList();
    for (String id : members) {
      if (pinned.contains(id) && health.get(id).health() == Health.FAILED) {
        return new Fail(health.get(id));
      }
    }
    ClusterHealth waiting = null;
    int unavailable = 0;
    for (String id : members) {
      if (pinned.contains(id) && health.get(id).health() != Health.HEALTHY) {
        unavailable++;
        if (waiting == null) {
          waiting = health.get(id);
        }
      }
    }
    List<String> toPin = new ArrayList<>();
    for (String id : members) {
      if (unavailable >= wave.maxUnavailableClusters()) {
        break;
      }
      if (!pinned.contains(id)) {
        toPin.add(id);
        unavailable++;
      }
    }
    long notPinned = members.stream().filter(id -> !pinned.contains(id)).count();
    if (!toPin.isEmpty() || notPinned > 0 || waiting != null) {
      // still updating; a bake that had started starts again once every cluster is back
      String msg =
          waiting == null
              ? "Moving clusters of wave '%s' to revision %d.".formatted(wave.name(), target)
              : "Wave '%s': %d of %d clusters Compliant on revision %d; waiting for %s (%s)."
                  .formatted(
                      wave.name(),
                      members.stream()
                          .filter(
                              id ->
                                  pinned.contains(id) && health.get(id).health() == Health.HEALTHY)
                          .count(),
                      members.size(),
                      target,
                      waiting.resourceId(),
                      waiting.describe());
      return new Advance(
          new WaveProgress(WaveState.Updating, p.startedAt(), null, null), toPin, msg);
    }
    Instant bakeStart = p.bakeStartedAt() == null ? now : p.bakeStartedAt();
    Instant bakeEnd = bakeStart.plus(Duration.ofSeconds(wave.bakeTimeInSeconds()));
    if (!now.isBefore(bakeEnd)) {
      return new Advance(
          new WaveProgress(WaveState.Succeeded, p.startedAt(), bakeStart, now),
          List.of(),
          "Wave '%s' passed: every cluster Compliant on revision %d for %d s."
              .formatted(wave.name(), target, wave.bakeTimeInSeconds()));
    }
    return new Advance(
        new WaveProgress(WaveState.Baking, p.startedAt(), bakeStart, null),
        List.of(),
        "Wave '%s' is baking: every cluster Compliant on revision %d; the next wave starts at %s."
            .formatted(wave.name(), target, bakeEnd));
  }
}
