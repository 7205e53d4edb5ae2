package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.kustomize.KustomizationStatus;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.BucketStatus;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositoryStatus;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.flux.source.OCIRepositoryStatus;
import io.flotilla.apply.ApplyException;
import io.flotilla.apply.ApplyOptions;
import io.flotilla.apply.ChangeSet;
import io.flotilla.apply.ChangeSetEntry;
import io.flotilla.apply.DeleteOptions;
import io.flotilla.apply.Inventory;
import io.flotilla.apply.ObjectRef;
import io.flotilla.apply.ResourceManager;
import io.flotilla.controllers.runtime.CelEnv;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.DependencyCheck;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.Finalizers;
import io.flotilla.controllers.runtime.GoDuration;
import io.flotilla.controllers.runtime.Impersonation;
import io.flotilla.controllers.runtime.Jitter;
import io.flotilla.controllers.runtime.ReadinessLog;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.runtime.StatusPatch;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.kustomize.Kustomizer;
import io.flotilla.sops.SopsKeys;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactFetcher;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a {@link Kustomization} as kustomize-controller does: resolve the source artifact,
 * wait for dependencies, build, apply in stages with server-side apply, record the inventory, prune
 * what left, check health, and report {@code Applied revision: …}.
 */
public final class KustomizationReconciler implements Reconciler<Kustomization> {
  private static final String SOURCE_INDEX = "source";
  private static final String DEPENDS_INDEX = "dependsOn";
  private static final Logger LOG = LoggerFactory.getLogger(KustomizationReconciler.class);
  private final ReadinessLog readiness = new ReadinessLog(LOG, Kustomization.KIND);
  private final ArtifactCache artifacts;
  private final ResourceManagers managers = new ResourceManagers();
  private final ManifestBuilder builder;
  private final Duration requeueDependency;
  private final Impersonation impersonation;
  private final Finalization finalization;
  private final boolean noCrossNamespaceRefs;
  private final EventRecorder events;
  private final ReconcileMetrics metrics;
  private final Clock clock;

  public KustomizationReconciler(
      ArtifactFetcher fetcher,
      Kustomizer kustomizer,
      Path workDir,
      Duration requeueDependency,
      Impersonation impersonation,
      boolean noCrossNamespaceRefs,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock) {
    this(
        fetcher,
        kustomizer,
        workDir,
        requeueDependency,
        impersonation,
        noCrossNamespaceRefs,
        events,
        metrics,
        clock,
        true);
  }

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
    this.artifacts = new ArtifactCache(fetcher, workDir.resolve("ks-artifacts"), 8);
    this.builder = new ManifestBuilder(kustomizer, strictSubstitution);
    this.requeueDependency = requeueDependency;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Reacts to a new source revision and to a dependency becoming ready, instead of polling. */
  @Override
  public List<EventSource<?, Kustomization>> prepareEventSources(
      EventSourceContext<Kustomization> ctx) {
    ctx.getPrimaryCache().addIndexer(SOURCE_INDEX, ks -> List.of(sourceKey(ks)));
    ctx.getPrimaryCache()
        .addIndexer(
            DEPENDS_INDEX, ks -> DependencyCheck.dependencyKeys(ks, ks.getSpec().dependsOn()));
    var dependencies =
        InformerEventSourceConfiguration.from(Kustomization.class, Kustomization.class)
            .withName("dependencies")
            .withOnUpdateFilter(
                (next, prev) ->
                    Conditions.isReady(conds(next)) && !Objects.equals(applied(next), applied(prev))
                        || Conditions.isReady(conds(next)) != Conditions.isReady(conds(prev)))
            .withSecondaryToPrimaryMapper(
                dep ->
                    ids(
                        ctx,
                        DEPENDS_INDEX,
                        DependencyCheck.key(
                            dep.getMetadata().getNamespace(), dep.getMetadata().getName())))
            .build();
    return List.of(
        sourceEvents(ctx, GitRepository.class, GitRepository.KIND, r -> artifact(r.getStatus())),
        sourceEvents(ctx, Bucket.class, Bucket.KIND, b -> artifact(b.getStatus())),
        sourceEvents(ctx, OCIRepository.class, OCIRepository.KIND, o -> artifact(o.getStatus())),
        new InformerEventSource<>(dependencies, ctx));
  }

  /**
   * Reconciles the Kustomizations that read a source of this kind when its artifact changes
   * (revision or URL), as kustomize-controller watches GitRepository, Bucket and OCIRepository.
   */
  private static <S extends HasMetadata> EventSource<S, Kustomization> sourceEvents(
      EventSourceContext<Kustomization> ctx,
      Class<S> type,
      String kind,
      Function<S, Artifact> artifact) {
    var config =
        InformerEventSourceConfiguration.from(type, Kustomization.class)
            .withName("sources-" + kind)
            .withOnUpdateFilter(
                (next, prev) ->
                    !Objects.equals(
                        artifactKey(artifact.apply(next)), artifactKey(artifact.apply(prev))))
            .withSecondaryToPrimaryMapper(
                source ->
                    ids(
                        ctx,
                        SOURCE_INDEX,
                        kind
                            + "/"
                            + source.getMetadata().getNamespace()
                            + "/"
                            + source.getMetadata().getName()))
            .build();
    return new InformerEventSource<>(config, ctx);
  }

  private static Artifact artifact(Object status) {
    return switch (status) {
      case GitRepositoryStatus s -> s.artifact();
      case BucketStatus s -> s.artifact();
      case OCIRepositoryStatus s -> s.artifact();
      case null, default -> null;
    };
  }

  private static Set<ResourceID> ids(
      EventSourceContext<Kustomization> ctx, String index, String key) {
    return ctx.getPrimaryCache().byIndex(index, key).stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static String sourceKey(Kustomization ks) {
    return ks.getSpec().sourceRef().kind()
        + "/"
        + SourceResolver.sourceNamespace(ks)
        + "/"
        + ks.getSpec().sourceRef().name();
  }

  /** What a Kustomization cares about in its source: the artifact's revision and where it is. */
  private static String artifactKey(Artifact artifact) {
    return artifact == null ? null : artifact.revision() + " " + artifact.url();
  }

  private static List<io.flotilla.api.flux.meta.Condition> conds(Kustomization ks) {
    return ks.getStatus() == null ? null : ks.getStatus().conditions();
  }

  private static String applied(Kustomization ks) {
    return ks.getStatus() == null ? null : ks.getStatus().lastAppliedRevision();
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
    if (ctx.isPrimaryResourceDeleted()) {
      finalization.forget(ResourceID.fromResource(ks));
      readiness.forget(ks.getMetadata().getNamespace(), ks.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
    if (ks.isMarkedForDeletion()) {
      return ks.hasFinalizer(Annotations.FINALIZER)
          ? finalization.run(ks, ctx)
          : UpdateControl.noUpdate();
    }
    if (!ks.hasFinalizer(Annotations.FINALIZER)) {
      // as Flux: the finalizer first, then a reconcile of the object that carries it (the watch
      // event of this write starts it), so status writes are checked against a current version.
      // The timer is only a safety net: a short one would fire during that reconcile and queue an
      // identical second one; the reconcile's own reschedule replaces it.
      Finalizers.add(ctx.getClient(), ks, Annotations.FINALIZER);
      return UpdateControl.<Kustomization>noUpdate().rescheduleAfter(Duration.ofSeconds(30));
    }
    Instant start = clock.instant();
    KustomizationSpec spec = ks.getSpec();
    if (Boolean.TRUE.equals(spec.suspend())) {
      return UpdateControl.noUpdate();
    }
    KubernetesClient client = ctx.getClient();
    KustomizationStatus old = ks.getStatus();
    long generation = Objects.requireNonNullElse(ks.getMetadata().getGeneration(), 0L);
    Conditions conditions =
        new Conditions(old == null ? null : old.conditions(), generation, clock);
    List<ObjectRef> inventory = inventory(old);
    String attempted = old == null ? null : old.lastAttemptedRevision();
    String lastApplied = old == null ? null : old.lastAppliedRevision();
    Duration interval = GoDuration.parse(spec.interval());
    Duration retry =
        spec.retryInterval() == null ? interval : GoDuration.parse(spec.retryInterval());
    Duration next;
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
      Outcome outcome;
      // the decryption Secret lives beside the Kustomization, read as the controller (as Flux)
      SopsKeys decryption = DecryptionKeys.load(client, ks);
      try (Impersonation.Target target =
          impersonation.target(
              ks.getMetadata().getNamespace(), spec.kubeConfig(), spec.serviceAccountName())) {
        outcome =
            applyRevision(
                target.client(), ks, artifact, inventory, expressions, progress, decryption);
      }
      inventory = outcome.inventory();
      lastApplied = revision;
      if (outcome.changes().changed()) {
        events.normal(
            ks, Reasons.PROGRESSING, outcome.changes().summary(), revisionMeta(revision, false));
      }
      if (outcome.healthMessage() != null) {
        conditions.markTrue(ConditionTypes.HEALTHY, Reasons.SUCCEEDED, outcome.healthMessage());
      } else {
        conditions.delete(ConditionTypes.HEALTHY);
      }
      conditions
          .markTrue(
              ConditionTypes.READY,
              Reasons.RECONCILIATION_SUCCEEDED,
              "Applied revision: " + revision)
          .delete(ConditionTypes.RECONCILING)
          .delete(ConditionTypes.STALLED);
      next = Jitter.apply(interval);
      events.notifyInfo(
          ks,
          Reasons.RECONCILIATION_SUCCEEDED,
          "Reconciliation finished in "
              + GoDuration.format(Duration.between(start, clock.instant()))
              + ", next run in "
              + GoDuration.format(interval),
          revisionMeta(revision, true));
    } catch (ReconcileException e) {
      conditions
          .markFalse(ConditionTypes.READY, e.reason(), e.getMessage())
          .delete(ConditionTypes.RECONCILING);
      if (Reasons.HEALTH_CHECK_FAILED.equals(e.reason())) {
        conditions.markFalse(ConditionTypes.HEALTHY, e.reason(), e.getMessage());
      }
      if (e.terminal()) {
        conditions.markTrue(ConditionTypes.STALLED, e.reason(), e.getMessage());
      }
      if (e instanceof PartialApply partial) {
        inventory = partial.inventory();
      }
      // as Flux: waiting for a dependency or for the source (missing, or without an artifact yet)
      // sets the condition without an event
      if (!Reasons.DEPENDENCY_NOT_READY.equals(e.reason()) && !waitingForSource(e)) {
        events.warning(ks, e.reason(), e.getMessage(), revisionMeta(attempted, false));
      }
      next =
          e.terminal()
              ? null
              : Reasons.DEPENDENCY_NOT_READY.equals(e.reason())
                      || Reasons.ARTIFACT_FAILED.equals(e.reason())
                  ? requeueDependency
                  : retry;
    }
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
    metrics.record(
        Kustomization.KIND,
        ks.getMetadata().getNamespace(),
        ks.getMetadata().getName(),
        Duration.between(start, clock.instant()));
    // The status is derived from the status this reconcile read (the inventory above all), so the
    // write keeps the resourceVersion it started from (or got from its own progress reports): a
    // reconcile that JOSDK started from a stale copy gets 409 and is retried from a newer one,
    // instead of recording an inventory that misses what a newer write listed.
    Kustomization patch = StatusPatch.ofVersion(ks, Kustomization::new);
    // a terminal error waits for a change of the spec (or a requested reconcile)
    return next == null
        ? UpdateControl.patchStatus(patch)
        : UpdateControl.patchStatus(patch).rescheduleAfter(next);
  }

  /**
   * Flux's rule for a Kustomization dependency: Ready at its generation and, when it reads the same
   * source, has applied the revision this Kustomization is about to apply.
   */
  static boolean dependencyReady(Kustomization ks, Kustomization dep, String revision) {
    if (dep.getStatus() == null
        || !DependencyCheck.readyAtGeneration(
            dep, dep.getStatus().conditions(), dep.getStatus().observedGeneration())) {
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

  private record Outcome(ChangeSet changes, List<ObjectRef> inventory, String healthMessage) {}

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

  private Outcome applyRevision(
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
              .withOwnerLabels(ownerLabels(ks));
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
                manager.delete(stale, new DeleteOptions(ownerLabels(ks), "Background"));
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
        health = checkHealth(client, manager, expressions, watched, timeout(spec), current);
      }
      return new Outcome(changes, current, health);
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
            h -> {
              String apiVersion = h.apiVersion() == null ? "v1" : h.apiVersion();
              int slash = apiVersion.indexOf('/');
              String group = slash < 0 ? "" : apiVersion.substring(0, slash);
              String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
              return new ObjectRef(
                  group,
                  version,
                  h.kind(),
                  h.namespace() == null ? namespace : h.namespace(),
                  h.name());
            })
        .toList();
  }

  /** Flux: timeout defaults to interval − 30s, at least 30s. */
  static Duration timeout(KustomizationSpec spec) {
    if (spec.timeout() != null) {
      return GoDuration.parse(spec.timeout());
    }
    Duration d = GoDuration.parse(spec.interval()).minusSeconds(30);
    return d.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : d;
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

  static List<ObjectRef> inventory(KustomizationStatus status) {
    return status == null ? List.of() : Inventory.fromStatus(status.inventory());
  }
}
