package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.kustomize.KustomizationStatus;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.apply.Inventory;
import io.flotilla.apply.ObjectRef;
import io.flotilla.controllers.runtime.CelEnv;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.DependencyCheck;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.Impersonation;
import io.flotilla.controllers.runtime.Jitter;
import io.flotilla.controllers.runtime.Lifecycle;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.ReadinessLog;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.runtime.StatusPatch;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.kustomize.Kustomizer;
import io.flotilla.sops.SopsKeys;
import io.flotilla.source.artifact.ArtifactFetcher;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a {@link Kustomization} as kustomize-controller does: resolve the source artifact,
 * wait for dependencies, build, apply in stages with server-side apply, record the inventory, prune
 * what left, check health, and report {@code Applied revision: …}.
 */
public final class KustomizationReconciler implements Reconciler<Kustomization> {
  private static final Logger LOG = LoggerFactory.getLogger(KustomizationReconciler.class);
  private final ReadinessLog readiness = new ReadinessLog(LOG, Kustomization.KIND);
  private final RevisionApply revisions;
  private final Duration requeueDependency;
  private final Impersonation impersonation;
  private final Finalization finalization;
  private final boolean noCrossNamespaceRefs;
  private final EventRecorder events;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final Lifecycle.Hooks<Kustomization> lifecycle =
      new Lifecycle.Hooks<>() {
        @Override
        public void forget(Kustomization ks) {
          finalization.forget(ResourceID.fromResource(ks));
          readiness.forget(ks.getMetadata().getNamespace(), ks.getMetadata().getName());
        }

        @Override
        public UpdateControl<Kustomization> finalize(Kustomization ks, Context<Kustomization> ctx) {
          return finalization.run(ks, ctx);
        }

        @Override
        public boolean suspended(Kustomization ks) {
          return Boolean.TRUE.equals(ks.getSpec().suspend());
        }
      };

  /**
   * @param strictSubstitution Flux's {@code StrictPostBuildSubstitutions}: an unset variable
   *     without a default fails the build (true) or becomes the empty string (false)
   */
  public KustomizationReconciler(
      ArtifactFetcher fetcher,
      Kustomizer kustomizer,
      Path workDir,
      Duration requeueDependency,
      Impersonation impersonation,
      boolean noCrossNamespaceRefs,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock,
      boolean strictSubstitution) {
    this.impersonation = impersonation;
    this.finalization = new Finalization(impersonation, events, clock);
    this.noCrossNamespaceRefs = noCrossNamespaceRefs;
    this.revisions =
        new RevisionApply(
            new ArtifactCache(fetcher, workDir.resolve("ks-artifacts"), 8),
            new ManifestBuilder(kustomizer, strictSubstitution),
            clock);
    this.requeueDependency = requeueDependency;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Kustomization>> prepareEventSources(
      EventSourceContext<Kustomization> ctx) {
    return KustomizationWatches.eventSources(ctx);
  }

  private static boolean waitingForSource(ReconcileException e) {
    return Reasons.ARTIFACT_FAILED.equals(e.reason())
        && !e.terminal()
        && (e.getMessage().startsWith("Source artifact not found")
            || e.getMessage().endsWith("\" not found"));
  }

  /**
   * kustomize-controller's event metadata: the revision, and {@code commit_status: update} on the
   * periodic success event (chat providers skip those; commit-status providers report them).
   */
  private static Map<String, String> revisionMeta(String revision, boolean commitStatusUpdate) {
    Map<String, String> meta = new LinkedHashMap<>();
    if (revision != null) {
      meta.put(Kustomization.GROUP + "/revision", revision);
    }
    if (commitStatusUpdate) {
      meta.put(Kustomization.GROUP + "/commit_status", "update");
    }
    return meta;
  }

  static Map<String, String> ownerLabels(Kustomization ks) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Kustomization.NAME_LABEL, ks.getMetadata().getName());
    labels.put(Kustomization.NAMESPACE_LABEL, ks.getMetadata().getNamespace());
    return labels;
  }

  @Override
  public UpdateControl<Kustomization> reconcile(Kustomization ks, Context<Kustomization> ctx) {
    return Lifecycle.gate(ks, ctx, lifecycle).orElseGet(() -> run(ks, ctx));
  }

  private UpdateControl<Kustomization> run(Kustomization ks, Context<Kustomization> ctx) {
    Instant start = clock.instant();
    KustomizationSpec spec = ks.getSpec();
    KubernetesClient client = ctx.getClient();
    KustomizationStatus old = ks.getStatus();
    long generation = Conditions.generation(ks);
    Conditions conditions =
        new Conditions(old == null ? null : old.conditions(), generation, clock);
    List<ObjectRef> inventory = inventory(old);
    String attempted = old == null ? null : old.lastAttemptedRevision();
    String lastApplied = old == null ? null : old.lastAppliedRevision();
    Duration interval = GoDuration.parse(spec.interval());
    Duration retry =
        spec.retryInterval() == null ? interval : GoDuration.parse(spec.retryInterval());
    Outcome outcome;
    try {
      HealthExpressions expressions = healthExpressions(spec);
      DeletionPolicy.parse(spec.deletionPolicy());
      if (noCrossNamespaceRefs
          && !SourceResolver.sourceNamespace(ks).equals(ks.getMetadata().getNamespace())) {
        throw new ReconcileException(
            Reasons.ACCESS_DENIED,
            "can't access '"
                + spec.sourceRef().kind()
                + "/"
                + SourceResolver.sourceNamespace(ks)
                + "/"
                + spec.sourceRef().name()
                + "', cross-namespace references have been blocked",
            true);
      }
      Artifact artifact = SourceResolver.artifact(ks, new CachedSources(ctx, client));
      String revision = artifact.revision();
      DependencyCheck.verify(
          client,
          ks,
          spec.dependsOn(),
          Kustomization.class,
          dep -> dependencyReady(ks, dep, revision));
      attempted = revision;
      Progress progress = Progress.start(client, ks, conditions, timeout(spec), revision);
      RevisionApply.Applied applied;
      // the decryption Secret lives beside the Kustomization, read as the controller (as Flux)
      SopsKeys decryption = DecryptionKeys.load(client, ks);
      try (Impersonation.Target target =
          impersonation.target(
              ks.getMetadata().getNamespace(), spec.kubeConfig(), spec.serviceAccountName())) {
        applied =
            revisions.apply(
                target.client(), ks, artifact, inventory, expressions, progress, decryption);
      }
      inventory = applied.inventory();
      lastApplied = revision;
      if (applied.changes().changed()) {
        events.normal(
            ks, Reasons.PROGRESSING, applied.changes().summary(), revisionMeta(revision, false));
      }
      if (applied.healthMessage() != null) {
        conditions.markTrue(ConditionTypes.HEALTHY, Reasons.SUCCEEDED, applied.healthMessage());
      } else {
        conditions.delete(ConditionTypes.HEALTHY);
      }
      outcome = new Outcome.Ready("Applied revision: " + revision, Jitter.apply(interval));
      events.notifyInfo(
          ks,
          Reasons.RECONCILIATION_SUCCEEDED,
          "Reconciliation finished in "
              + GoDuration.format(Duration.between(start, clock.instant()))
              + ", next run in "
              + GoDuration.format(interval),
          revisionMeta(revision, true));
    } catch (ReconcileException e) {
      if (e instanceof RevisionApply.PartialApply partial) {
        inventory = partial.inventory();
      }
      outcome = failure(e, retry);
    }
    record(ks, conditions, outcome, attempted);
    readiness.record(
        ks.getMetadata().getNamespace(), ks.getMetadata().getName(), conditions.toList());
    ks.setStatus(
        new KustomizationStatus(
            generation,
            conditions.toList(),
            lastApplied,
            attempted,
            Triggers.requestedAt(ks),
            Inventory.toStatus(inventory)));
    metrics.record(Kustomization.KIND, ks, Duration.between(start, clock.instant()));
    // The status is derived from the status this reconcile read (the inventory above all), so the
    // write keeps the resourceVersion it started from (or got from its own progress reports): a
    // reconcile that JOSDK started from a stale copy gets 409 and is retried from a newer one,
    // instead of recording an inventory that misses what a newer write listed.
    // a terminal error waits for a change of the spec (or a requested reconcile)
    return StatusPatch.write(StatusPatch.ofVersion(ks, Kustomization::new), outcome.next());
  }

  /**
   * As Flux: waiting for a dependency or for the source (missing, or without an artifact yet) is a
   * wait, retried after {@code requeueDependency}; so is any other artifact failure, but as a
   * failure; the rest retries after {@code retryInterval}.
   */
  private Outcome failure(ReconcileException e, Duration retry) {
    if (e.terminal()) {
      return Outcome.of(e);
    }
    if (Reasons.DEPENDENCY_NOT_READY.equals(e.reason()) || waitingForSource(e)) {
      return new Outcome.Waiting(e.reason(), e.getMessage(), requeueDependency);
    }
    return Outcome.of(e, Reasons.ARTIFACT_FAILED.equals(e.reason()) ? requeueDependency : retry);
  }

  /** The one place an outcome becomes the Kustomization's conditions and Warning event. */
  private void record(Kustomization ks, Conditions conditions, Outcome outcome, String attempted) {
    if (outcome instanceof Outcome.Ready ready) {
      conditions
          .markTrue(ConditionTypes.READY, Reasons.RECONCILIATION_SUCCEEDED, ready.message())
          .delete(ConditionTypes.RECONCILING)
          .delete(ConditionTypes.STALLED);
      return;
    }
    String reason = outcome.reason();
    String message = outcome.message();
    conditions.markFalse(ConditionTypes.READY, reason, message).delete(ConditionTypes.RECONCILING);
    if (Reasons.HEALTH_CHECK_FAILED.equals(reason)) {
      conditions.markFalse(ConditionTypes.HEALTHY, reason, message);
    }
    if (outcome instanceof Outcome.Stalled) {
      conditions.markTrue(ConditionTypes.STALLED, reason, message);
    }
    if (!(outcome instanceof Outcome.Waiting)) {
      events.warning(ks, reason, message, revisionMeta(attempted, false));
    }
  }

  /**
   * Flux's rule for a Kustomization dependency: Ready at its generation and, when it reads the same
   * source, has applied the revision this Kustomization is about to apply.
   */
  static boolean dependencyReady(Kustomization ks, Kustomization dep, String revision) {
    if (!DependencyCheck.readyAtGeneration(dep)) {
      return false;
    }
    boolean sameSource =
        Objects.equals(dep.getSpec().sourceRef().kind(), ks.getSpec().sourceRef().kind())
            && Objects.equals(dep.getSpec().sourceRef().name(), ks.getSpec().sourceRef().name())
            && Objects.equals(
                SourceResolver.sourceNamespace(dep), SourceResolver.sourceNamespace(ks));
    return !sameSource || Objects.equals(dep.getStatus().lastAppliedRevision(), revision);
  }

  /** Invalid expressions stall the Kustomization until its spec changes, as in Flux. */
  private static HealthExpressions healthExpressions(KustomizationSpec spec)
      throws ReconcileException {
    try {
      return HealthExpressions.parse(spec.healthCheckExprs());
    } catch (CelEnv.InvalidExpression e) {
      throw new ReconcileException(
          Reasons.INVALID_CEL_EXPRESSION,
          DependencyCheck.TERMINAL_ERROR + ": " + e.getMessage(),
          true);
    }
  }

  /** Flux: timeout defaults to interval − 30s, at least 30s. */
  static Duration timeout(KustomizationSpec spec) {
    if (spec.timeout() != null) {
      return GoDuration.parse(spec.timeout());
    }
    Duration d = GoDuration.parse(spec.interval()).minusSeconds(30);
    return d.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : d;
  }

  static List<ObjectRef> inventory(KustomizationStatus status) {
    return status == null ? List.of() : Inventory.fromStatus(status.inventory());
  }
}
