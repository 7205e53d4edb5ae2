package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationStatus;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.GoDuration;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a user sees while a Kustomization works on a new revision, as kustomize-controller writes it
 * before each long step: Ready=Unknown "Reconciliation in progress" and Reconciling=True with
 * "Fetching manifests…", "Building manifests…", "Running health checks…" for the revision and the
 * timeout. Written only when the revision or the generation is new, so a steady interval costs no
 * extra request. The final status patch replaces all of it.
 */
final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
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
    KustomizationStatus old = ks.getStatus();
    KustomizationStatus status =
        new KustomizationStatus(
            old == null ? null : old.observedGeneration(),
            conditions.toList(),
            old == null ? null : old.lastAppliedRevision(),
            attempted,
            old == null ? null : old.lastHandledReconcileAt(),
            old == null ? null : old.inventory());
    Kustomization patch = new Kustomization();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(ks.getMetadata().getName())
            .withNamespace(ks.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    try {
      Kustomization patched = client.resource(patch).patchStatus();
      // the final status write is checked against this version, so carry it over
      if (patched != null && patched.getMetadata() != null) {
        ks.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
      }
    } catch (KubernetesClientException e) {
      // progress is informative: the final patch still tells the outcome
      LOG.debug(
          "could not record progress of {}/{}: {}",
          ks.getMetadata().getNamespace(),
          ks.getMetadata().getName(),
          e.getMessage());
    }
  }
}
