package io.flotilla.server.rollout;

import io.flotilla.api.arm.ComplianceState;
import io.flotilla.api.arm.ProvisioningState;

/**
 * How one cluster of a wave is doing on the revision the wave rolls out: the gate of a wave is
 * every cluster {@link Health#HEALTHY}. {@code revision} is what its configuration was last written
 * from (null: not written).
 */
record ClusterHealth(
    String clusterId,
    String resourceId,
    Long revision,
    String provisioningState,
    String complianceState,
    Health health) {

  enum Health {
    /** Compliant on the wave's revision, and the agent heard from recently. */
    HEALTHY,
    /** Not written yet, or written and not yet applied and reported. */
    PENDING,
    /** The agent has not been heard from within the offline threshold: nothing is known. */
    STALE,
    /** Applied the wave's revision and Failed, Non-Compliant or Suspended: the wave fails. */
    FAILED
  }

  static Health classify(
      Long revision, long target, String provisioningState, String complianceState, boolean stale) {
    if (stale) {
      return Health.STALE;
    }
    if (revision == null || revision != target) {
      return Health.PENDING;
    }
    if (ProvisioningState.FAILED.equals(provisioningState)) {
      return Health.FAILED;
    }
    if (!ProvisioningState.SUCCEEDED.equals(provisioningState)) {
      return Health.PENDING; // Creating/Updating: the agent has not applied this revision yet
    }
    if (ComplianceState.COMPLIANT.equals(complianceState)) {
      return Health.HEALTHY;
    }
    if (ComplianceState.NON_COMPLIANT.equals(complianceState)
        || ComplianceState.SUSPENDED.equals(complianceState)) {
      return Health.FAILED;
    }
    return Health.PENDING;
  }

  /** How the status and messages name the state: "Failed", or the compliance state. */
  String describe() {
    return ProvisioningState.FAILED.equals(provisioningState)
        ? "provisioningState Failed"
        : health == Health.STALE
            ? "stale (its agent has not been heard from)"
            : "complianceState " + (complianceState == null ? "Unknown" : complianceState);
  }
}
