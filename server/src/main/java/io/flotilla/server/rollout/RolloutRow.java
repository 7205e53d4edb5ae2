package io.flotilla.server.rollout;

import io.flotilla.server.store.Authorship;

/** One row of {@code flux_configuration_rollouts}. */
record RolloutRow(
    String key,
    String resourceId,
    String name,
    RolloutPlan plan,
    RolloutProgress progress,
    Authorship authorship) {

  RolloutRow with(RolloutProgress p, Authorship a) {
    return new RolloutRow(key, resourceId, name, plan, p, a);
  }
}
