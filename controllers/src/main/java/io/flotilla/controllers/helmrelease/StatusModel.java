package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus;
import io.flotilla.api.flux.kustomize.ResourceInventory;
import io.flotilla.controllers.runtime.Conditions;
import java.time.Clock;

/**
 * The status a reconcile works on: read from the object, changed by each step and action, written
 * once at the end (and at progress points). Mutable on purpose, as helm-controller's actions mutate
 * the object they are handed; it never leaves one reconcile.
 */
final class StatusModel {
  final Conditions conditions;
  final History history;
  long observedGeneration;
  String lastHandledReconcileAt;
  String lastHandledForceAt;
  String lastHandledResetAt;
  String observedPostRenderersDigest;
  String observedCommonMetadataDigest;
  long lastAttemptedGeneration;
  String helmChart;
  String storageNamespace;
  String lastAttemptedReleaseAction;
  long failures;
  long installFailures;
  long upgradeFailures;
  String lastAttemptedRevision;
  String lastAttemptedRevisionDigest;
  String lastAttemptedConfigDigest;
  ResourceInventory inventory;

  /**
   * The generation Ready was last reported for by a release action (not by this reconcile's own "in
   * progress" marking): helm-controller compares the post-renderers and common metadata digests
   * only while it differs from the object's generation, since they are recorded at the end of a
   * successful reconcile and would otherwise look changed forever.
   */
  long readyGeneration = -1;

  StatusModel(HelmReleaseStatus s, long generation, Clock clock) {
    this.conditions = new Conditions(s == null ? null : s.conditions(), generation, clock);
    this.history = new History(s == null ? null : s.history());
    if (s == null) {
      observedGeneration = -1;
      return;
    }
    observedGeneration = s.observedGeneration() == null ? -1 : s.observedGeneration();
    lastHandledReconcileAt = s.lastHandledReconcileAt();
    lastHandledForceAt = s.lastHandledForceAt();
    lastHandledResetAt = s.lastHandledResetAt();
    observedPostRenderersDigest = s.observedPostRenderersDigest();
    observedCommonMetadataDigest = s.observedCommonMetadataDigest();
    lastAttemptedGeneration = zero(s.lastAttemptedGeneration());
    helmChart = s.helmChart();
    storageNamespace = s.storageNamespace();
    lastAttemptedReleaseAction = s.lastAttemptedReleaseAction();
    failures = zero(s.failures());
    installFailures = zero(s.installFailures());
    upgradeFailures = zero(s.upgradeFailures());
    lastAttemptedRevision = s.lastAttemptedRevision();
    lastAttemptedRevisionDigest = s.lastAttemptedRevisionDigest();
    lastAttemptedConfigDigest = s.lastAttemptedConfigDigest();
    inventory = s.inventory();
    if (s.conditions() != null) {
      s.conditions().stream()
          .filter(c -> c.type().equals("Ready") && c.observedGeneration() != null)
          .findFirst()
          .ifPresent(c -> readyGeneration = c.observedGeneration());
    }
  }

  void clearFailures() {
    failures = 0;
    installFailures = 0;
    upgradeFailures = 0;
  }

  HelmReleaseStatus toStatus() {
    return new HelmReleaseStatus(
        observedGeneration,
        conditions.toList(),
        lastHandledReconcileAt,
        lastHandledForceAt,
        lastHandledResetAt,
        emptyToNull(observedPostRenderersDigest),
        emptyToNull(observedCommonMetadataDigest),
        lastAttemptedGeneration == 0 ? null : lastAttemptedGeneration,
        emptyToNull(helmChart),
        emptyToNull(storageNamespace),
        history.isEmpty() ? null : history.toList(),
        emptyToNull(lastAttemptedReleaseAction),
        failures == 0 ? null : failures,
        installFailures == 0 ? null : installFailures,
        upgradeFailures == 0 ? null : upgradeFailures,
        emptyToNull(lastAttemptedRevision),
        emptyToNull(lastAttemptedRevisionDigest),
        null,
        emptyToNull(lastAttemptedConfigDigest),
        null,
        inventory);
  }

  private static long zero(Long v) {
    return v == null ? 0 : v;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
