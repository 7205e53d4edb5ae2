package io.flotilla.server.rollout;

import java.time.Instant;

/** One row of {@code flux_configuration_rollouts}. */
record RolloutRow(
    String key,
    String resourceId,
    String name,
    RolloutPlan plan,
    RolloutProgress progress,
    Instant createdAt,
    String createdBy,
    Instant modifiedAt,
    String modifiedBy) {

  RolloutRow with(RolloutProgress p, Instant at, String by) {
    return new RolloutRow(key, resourceId, name, plan, p, createdAt, createdBy, at, by);
  }
}
