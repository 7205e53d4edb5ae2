package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationStatus;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.ProgressReport;
import io.flotilla.controllers.runtime.StatusPatch;
import java.time.Duration;

/**
 * What a user sees while a Kustomization works on a new revision, as kustomize-controller writes it
 * before each long step: Ready=Unknown "Reconciliation in progress" and Reconciling=True with
 * "Fetching manifests…", "Building manifests…", "Running health checks…" for the revision and the
 * timeout. Written only when the revision or the generation is new, so a steady interval costs no
 * extra request. The final status patch replaces all of it.
 *
 * <p>Each report is a merge patch of the conditions and lastAttemptedRevision only, conditional on
 * the resourceVersion this reconcile started from. JOSDK may start a reconcile from a cached copy
 * that predates this controller's last status write; such a copy must neither write its (older)
 * inventory back nor hand a fresh resourceVersion to the final write, which would let that write
 * record an inventory computed from the stale one. A conflict therefore ends the reconcile, and
 * JOSDK retries it from a newer copy.
 */
final class Progress {
  static final String IN_PROGRESS = "Reconciliation in progress";

  private final KubernetesClient client;
  private final Kustomization ks;
  private final Conditions conditions;
  private final String timeout;
  private final boolean enabled;
  private String attempted;

  private Progress(
      KubernetesClient client,
      Kustomization ks,
      Conditions conditions,
      Duration timeout,
      boolean enabled) {
    this.client = client;
    this.ks = ks;
    this.conditions = conditions;
    this.timeout = GoDuration.format(timeout);
    this.enabled = enabled;
    this.attempted = ks.getStatus() == null ? null : ks.getStatus().lastAttemptedRevision();
  }

  /** Reports on {@code client} (the controller's own) when {@code revision} or the spec is new. */
  static Progress start(
      KubernetesClient client,
      Kustomization ks,
      Conditions conditions,
      Duration timeout,
      String revision) {
    KustomizationStatus status = ks.getStatus();
    boolean fresh =
        status == null
            || !revision.equals(status.lastAppliedRevision())
            || !java.util.Objects.equals(
                ks.getMetadata().getGeneration(), status.observedGeneration());
    return new Progress(client, ks, conditions, timeout, fresh);
  }

  void fetching(String revision) {
    report(
        "Fetching manifests for revision %s with a timeout of %s".formatted(revision, timeout),
        false);
  }

  /** After the fetch: also records the revision as attempted. */
  void building(String revision) {
    attempted = revision;
    report(
        "Building manifests for revision %s with a timeout of %s".formatted(revision, timeout),
        false);
  }

  void checkingHealth(String revision) {
    report(
        "Running health checks for revision %s with a timeout of %s".formatted(revision, timeout),
        true);
  }

  private void report(String message, boolean health) {
    if (!enabled) {
      return;
    }
    conditions
        .markUnknown(ConditionTypes.READY, Reasons.PROGRESSING, IN_PROGRESS)
        .markTrue(ConditionTypes.RECONCILING, Reasons.PROGRESSING, message);
    if (health) {
      conditions.markUnknown(ConditionTypes.HEALTHY, Reasons.PROGRESSING, message);
    }
    // null fields stay out of the merge patch, so the inventory and revisions are left alone
    KustomizationStatus status =
        new KustomizationStatus(null, conditions.toList(), null, attempted, null, null);
    Kustomization patch = StatusPatch.ofVersion(ks, Kustomization::new);
    patch.setStatus(status);
    ProgressReport.patchStatus(client, ks, patch);
  }
}
