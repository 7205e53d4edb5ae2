package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.apply.ApplyException;
import io.flotilla.apply.ApplyOptions;
import io.flotilla.apply.ChangeSet;
import io.flotilla.apply.ChangeSetEntry;
import io.flotilla.apply.DeleteOptions;
import io.flotilla.apply.Inventory;
import io.flotilla.apply.ObjectRef;
import io.flotilla.apply.ResourceManager;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.sops.SopsKeys;
import io.flotilla.source.SourceException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline of one revision, as kustomize-controller's {@code reconcile()}: fetch the artifact,
 * build, apply in stages, prune what left the inventory, wait for health.
 */
final class RevisionApply {
  private final ArtifactCache artifacts;
  private final ResourceManagers managers = new ResourceManagers();
  private final ManifestBuilder builder;
  private final Clock clock;

  RevisionApply(ArtifactCache artifacts, ManifestBuilder builder, Clock clock) {
    this.artifacts = artifacts;
    this.builder = builder;
    this.clock = clock;
  }

  /** What an applied revision leaves: the change set, the new inventory, the Healthy message. */
  record Applied(ChangeSet changes, List<ObjectRef> inventory, String healthMessage) {}

  /** A failure after some objects were applied: the inventory must still list them. */
  static final class PartialApply extends ReconcileException {
    private final List<ObjectRef> inventory;

    PartialApply(String reason, String message, List<ObjectRef> inventory) {
      super(reason, message, false);
      this.inventory = inventory;
    }

    List<ObjectRef> inventory() {
      return inventory;
    }
  }

  Applied apply(
      KubernetesClient client,
      Kustomization ks,
      Artifact artifact,
      List<ObjectRef> previous,
      HealthExpressions expressions,
      Progress progress,
      SopsKeys decryption)
      throws ReconcileException {
    KustomizationSpec spec = ks.getSpec();
    try {
      List<GenericKubernetesResource> objects;
      progress.fetching(artifact.revision());
      try (ArtifactCache.Lease lease = artifacts.acquire(artifact.url(), artifact.digest())) {
        progress.building(artifact.revision());
        objects = builder.build(client, ks, lease.root(), decryption);
      }
      ResourceManager manager = managers.forClient(client);
      ApplyOptions options =
          ApplyOptions.defaults()
              .withForce(Boolean.TRUE.equals(spec.force()))
              .withOwnerLabels(KustomizationReconciler.ownerLabels(ks));
      ChangeSet changes;
      try {
        changes = manager.applyAllStaged(objects, options);
      } catch (ApplyException e) {
        List<ObjectRef> merged = union(previous, refs(e.partial()));
        throw new PartialApply(Reasons.RECONCILIATION_FAILED, e.getMessage(), merged);
      }
      List<ObjectRef> current = refs(changes);
      if (Boolean.TRUE.equals(spec.prune())) {
        List<ObjectRef> stale = Inventory.stale(previous, current);
        if (!stale.isEmpty()) {
          try {
            ChangeSet deleted =
                manager.delete(
                    stale,
                    new DeleteOptions(KustomizationReconciler.ownerLabels(ks), "Background"));
            List<ChangeSetEntry> all = new ArrayList<>(changes.entries());
            all.addAll(deleted.entries());
            changes = new ChangeSet(all);
          } catch (ApplyException e) {
            throw new PartialApply(Reasons.PRUNE_FAILED, e.getMessage(), union(current, stale));
          }
        }
      }
      String health = null;
      List<ObjectRef> watched = healthChecked(spec, current, ks.getMetadata().getNamespace());
      if (!watched.isEmpty()) {
        progress.checkingHealth(artifact.revision());
        health =
            checkHealth(
                client,
                manager,
                expressions,
                watched,
                KustomizationReconciler.timeout(spec),
                current);
      }
      return new Applied(changes, current, health);
    } catch (SourceException e) {
      throw new ReconcileException(Reasons.ARTIFACT_FAILED, e.getMessage(), false);
    } catch (IOException e) {
      throw new ReconcileException(
          Reasons.ARTIFACT_FAILED,
          "failed to create temporary directory: " + e.getMessage(),
          false);
    }
  }

  /**
   * Waits for health: kstatus through the resource manager, or, when {@code healthCheckExprs} are
   * set, a wait that evaluates them for the kinds they cover. Returns the Healthy message.
   */
  private String checkHealth(
      KubernetesClient client,
      ResourceManager manager,
      HealthExpressions expressions,
      List<ObjectRef> watched,
      Duration timeout,
      List<ObjectRef> applied)
      throws ReconcileException {
    Instant began = clock.instant();
    try {
      if (expressions.isEmpty()) {
        manager.waitForHealth(watched, timeout);
      } else {
        new HealthWait(client, manager, expressions, clock, ResourceManager.DEFAULT_HEALTH_INTERVAL)
            .waitFor(watched, timeout, () -> false);
      }
    } catch (ApplyException | HealthWait.Failed e) {
      throw new PartialApply(
          Reasons.HEALTH_CHECK_FAILED,
          "Health check failed after " + GoDuration.format(timeout) + ": " + e.getMessage(),
          applied);
    } catch (HealthWait.Canceled e) {
      throw new PartialApply(Reasons.HEALTH_CHECK_CANCELED, e.getMessage(), applied);
    }
    return "Health check passed in " + GoDuration.format(Duration.between(began, clock.instant()));
  }

  /**
   * What health is checked: with {@code wait: true} everything applied (and {@code healthChecks} is
   * ignored, as in Flux), else the listed {@code healthChecks}; {@code wait} defaults to false, as
   * in Flux (the FluxConfig controller writes Azure's default, true, explicitly).
   */
  static List<ObjectRef> healthChecked(
      KustomizationSpec spec, List<ObjectRef> applied, String namespace) {
    if (Boolean.TRUE.equals(spec.waitForHealth())) {
      return applied;
    }
    if (spec.healthChecks() == null) {
      return List.of();
    }
    return spec.healthChecks().stream()
        .map(
            h ->
                ObjectRef.of(
                    h.apiVersion() == null ? "v1" : h.apiVersion(),
                    h.kind(),
                    h.namespace() == null ? namespace : h.namespace(),
                    h.name()))
        .toList();
  }

  private static List<ObjectRef> refs(ChangeSet changes) {
    return changes == null ? List.of() : changes.refs();
  }

  private static List<ObjectRef> union(List<ObjectRef> a, List<ObjectRef> b) {
    Map<String, ObjectRef> byId = new LinkedHashMap<>();
    a.forEach(r -> byId.put(r.inventoryId(), r));
    b.forEach(r -> byId.put(r.inventoryId(), r));
    return List.copyOf(byId.values());
  }
}
