package io.flotilla.controllers.helmrelease;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.helm.HelmReleaseSpec;
import io.flotilla.api.flux.helm.HelmReleaseStatus;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.apply.Inventory;
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
import io.flotilla.helm.Chart;
import io.flotilla.helm.Charts;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseException;
import io.flotilla.helm.ReleaseStatus;
import io.flotilla.helm.Releases;
import io.flotilla.kustomize.Kustomizer;
import io.flotilla.source.artifact.ArtifactFetcher;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a {@link HelmRelease} as helm-controller v1.6 does: keep the generated HelmChart, wait
 * for dependencies and the chart's artifact, compose the values, load the chart, then let the
 * release state machine ({@link AtomicRelease}) install, upgrade, test, unlock, remediate or
 * correct drift, and report Flux's status. Deleting the object uninstalls its release.
 */
public final class HelmReleaseReconciler implements Reconciler<HelmRelease> {
  private static final Logger LOG = LoggerFactory.getLogger(HelmReleaseReconciler.class);

  /** The controller's name in {@code Controllers}, which JOSDK writes the status under. */
  static final String PREREQUISITES = "Fulfilling prerequisites";

  static final String IN_PROGRESS = "reconciliation in progress";
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

  private final Function<KubernetesClient, Releases> engine;
  private final ChartCache charts;
  private final Kustomizer kustomizer;
  private final Path workDir;
  private final Impersonation impersonation;
  private final HelmControllerOptions options;
  private final EventRecorder events;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final Map<ResourceID, Integer> failures = new ConcurrentHashMap<>();
  private final ReadinessLog readiness = new ReadinessLog(LOG, HelmRelease.KIND);
  // the release history each object's last status patch wrote (helm-controller waits for its
  // cache to show it): a reconcile started from an older cached copy would take a release it made
  // itself for someone else's and upgrade it
  private final Map<ResourceID, String> writtenHistory = new ConcurrentHashMap<>();
  private final HelmReleaseWatches watches = new HelmReleaseWatches();

  /**
   * @param engine the release engine for a cluster client (the controller's, an impersonated or a
   *     remote one)
   */
  public HelmReleaseReconciler(
      Function<KubernetesClient, Releases> engine,
      ArtifactFetcher fetcher,
      Kustomizer kustomizer,
      Path workDir,
      Impersonation impersonation,
      HelmControllerOptions options,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock) {
    // one engine per client, as one ResourceManager per client: clients are few (the controller's,
    // one per impersonated account or remote cluster) and live as long as their cache entry
    Map<KubernetesClient, Releases> engines =
        java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    this.engine = client -> engines.computeIfAbsent(client, engine);
    this.charts = new ChartCache(fetcher, workDir.resolve("hr-charts"), options.keepCharts());
    this.kustomizer = kustomizer;
    this.workDir = workDir;
    this.impersonation = impersonation;
    this.options = options;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, HelmRelease>> prepareEventSources(
      EventSourceContext<HelmRelease> ctx) {
    return watches.eventSources(ctx);
  }

  @Override
  public UpdateControl<HelmRelease> reconcile(HelmRelease hr, Context<HelmRelease> ctx) {
    if (ctx.isPrimaryResourceDeleted()) {
      return UpdateControl.noUpdate();
    }
    KubernetesClient client = ctx.getClient();
    if (hr.isMarkedForDeletion()) {
      return finalizeRelease(client, hr);
    }
    if (!hr.hasFinalizer(Annotations.FINALIZER)) {
      Finalizers.add(client, hr, Annotations.FINALIZER);
      return UpdateControl.<HelmRelease>noUpdate().rescheduleAfter(Duration.ofSeconds(30));
    }
    if (Boolean.TRUE.equals(hr.getSpec().suspend())) {
      return UpdateControl.noUpdate();
    }
    String written = writtenHistory.get(ResourceID.fromResource(hr));
    if (written != null && !written.equals(historyKey(hr.getStatus()))) {
      HelmRelease fresh =
          client
              .resources(HelmRelease.class)
              .inNamespace(hr.getMetadata().getNamespace())
              .withName(hr.getMetadata().getName())
              .get();
      if (fresh == null) {
        return UpdateControl.noUpdate();
      }
      hr = fresh;
    }
    Instant start = clock.instant();
    long generation = Objects.requireNonNullElse(hr.getMetadata().getGeneration(), 0L);
    StatusModel status = new StatusModel(hr.getStatus(), generation, clock);
    status.lastHandledReconcileAt = Triggers.requestedAt(hr);
    Result result;
    try {
      result = reconcileRelease(client, hr, status, generation);
    } catch (ReconcileException e) {
      status.conditions.markFalse(ConditionTypes.READY, e.reason(), e.getMessage());
      if (e.terminal()) {
        status.conditions.markTrue(ConditionTypes.STALLED, e.reason(), e.getMessage());
        status.conditions.delete(ConditionTypes.RECONCILING);
        events.warning(hr, e.reason(), e.getMessage());
        result = Result.terminal();
      } else {
        result = Result.backoff();
      }
    } catch (KubernetesClientException e) {
      status.conditions.markFalse(
          ConditionTypes.READY, Reasons.RECONCILIATION_FAILED, e.getMessage());
      result = Result.backoff();
    }
    ResourceID id = ResourceID.fromResource(hr);
    if (result.observed()) {
      status.observedGeneration = generation;
    }
    Duration next = result.next();
    if (result.withBackoff()) {
      int n = failures.merge(id, 1, Integer::sum);
      next = Jitter.backoff(n, MAX_BACKOFF);
    } else {
      failures.remove(id);
    }
    hr.setStatus(status.toStatus());
    readiness.record(
        hr.getMetadata().getNamespace(), hr.getMetadata().getName(), hr.getStatus().conditions());
    writtenHistory.put(id, historyKey(hr.getStatus()));
    metrics.record(
        HelmRelease.KIND,
        hr.getMetadata().getNamespace(),
        hr.getMetadata().getName(),
        Duration.between(start, clock.instant()));
    HelmRelease patch = StatusPatch.of(hr, HelmRelease::new);
    return next == null
        ? UpdateControl.patchStatus(patch)
        : UpdateControl.patchStatus(patch).rescheduleAfter(next);
  }

  /** The newest snapshot of a status's history, as {@code <version>/<digest>}. */
  private static String historyKey(HelmReleaseStatus status) {
    if (status == null || status.history() == null || status.history().isEmpty()) {
      return "";
    }
    var latest = status.history().get(0);
    return latest.version() + "/" + latest.digest();
  }

  /** When to look again, and whether this generation counts as observed. */
  record Result(Duration next, boolean observed, boolean withBackoff) {
    static Result terminal() {
      return new Result(null, true, false);
    }

    static Result backoff() {
      return new Result(null, false, true);
    }

    static Result after(Duration d, boolean observed) {
      return new Result(d, observed, false);
    }
  }

  private Result reconcileRelease(
      KubernetesClient client, HelmRelease hr, StatusModel status, long generation)
      throws ReconcileException {
    HelmReleaseSpec spec = hr.getSpec();
    Duration interval = GoDuration.parse(spec.interval());
    var c = status.conditions;
    if (ChartTemplate.awaitsManagedSource(hr)) {
      // not a failure: the configuration's controller patches the sourceRef in a moment
      c.markFalse(
          ConditionTypes.READY,
          HelmConditions.SOURCE_NOT_READY,
          ChartTemplate.AWAITING_MANAGED_SOURCE);
      return Result.after(options.requeueDependency(), false);
    }
    String template = ChartTemplate.wanted(hr);
    if (template != null) {
      // as helm-controller: never write a HelmChart into a namespace this object may not use
      try {
        ChartSource.allowsAccessTo(
            hr,
            "HelmChart",
            ChartTemplate.sourceNamespace(hr),
            ReleaseNames.helmChartName(hr),
            options.noCrossNamespaceRefs());
      } catch (ChartSource.Unavailable e) {
        throw new ReconcileException(Reasons.ACCESS_DENIED, e.getMessage(), true);
      }
    }
    Optional<GenericKubernetesResource> generated =
        ChartTemplate.reconcile(client, hr, status, watches::helmChart);
    // as helm-controller: Reconciling only; Ready keeps what the last reconcile said until this
    // one has something to say (a Ready release does not flicker to Unknown on every interval)
    c.markTrue(ConditionTypes.RECONCILING, Reasons.PROGRESSING, PREREQUISITES);
    progress(client, hr, status);

    try {
      DependencyCheck.verify(
          client,
          hr,
          spec.dependsOn(),
          HelmRelease.class,
          dep ->
              dep.getStatus() != null
                  && DependencyCheck.readyAtGeneration(
                      dep, dep.getStatus().conditions(), dep.getStatus().observedGeneration()));
    } catch (ReconcileException e) {
      if (e.terminal()) {
        c.markTrue(ConditionTypes.STALLED, e.reason(), e.getMessage());
        throw e;
      }
      c.markFalse(ConditionTypes.READY, HelmConditions.DEPENDENCY_NOT_READY, e.getMessage());
      events.normal(hr, HelmConditions.DEPENDENCY_NOT_READY, e.getMessage());
      return Result.after(options.requeueDependency(), false);
    }

    ChartSource.Resolved source;
    try {
      source = ChartSource.resolve(client, hr, options.noCrossNamespaceRefs(), generated);
    } catch (ChartSource.Unavailable e) {
      switch (e.why) {
        case ACCESS_DENIED -> {
          c.delete(ConditionTypes.RECONCILING);
          throw new ReconcileException(Reasons.ACCESS_DENIED, e.getMessage(), true);
        }
        case NOT_READY -> {
          c.markFalse(ConditionTypes.READY, HelmConditions.SOURCE_NOT_READY, e.getMessage());
          return Result.after(Jitter.apply(options.requeueDependency()), false);
        }
        case INVALID -> throw new ReconcileException(Reasons.ARTIFACT_FAILED, e.getMessage(), true);
        default ->
            throw new ReconcileException(
                HelmConditions.ARTIFACT_FAILED,
                "could not get Source object: " + e.getMessage(),
                false);
      }
    }

    ObjectNode values;
    try {
      values =
          ValuesResolver.resolve(
              hr.getMetadata().getNamespace(), spec.valuesFrom(), spec.values(), lookup(client));
    } catch (ValuesResolver.ValuesException e) {
      events.warning(hr, HelmConditions.VALUES_ERROR, e.getMessage());
      throw new ReconcileException(HelmConditions.VALUES_ERROR, e.getMessage(), false);
    }

    Chart chart;
    try {
      chart = charts.load(source.artifact().url(), source.artifact().digest());
    } catch (ChartCache.ChartException e) {
      String msg = "Could not load chart: " + e.getMessage();
      events.warning(hr, HelmConditions.ARTIFACT_FAILED, e.getMessage());
      throw new ReconcileException(HelmConditions.ARTIFACT_FAILED, msg, false);
    }
    String ociDigest = "";
    if (source.oci()) {
      try {
        chart =
            Charts.withVersion(
                chart, ChartSource.ociVersion(chart.version(), source.artifact().revision()));
        ociDigest = ChartSource.ociDigest(source.artifact().revision());
      } catch (ChartSource.Unavailable e) {
        throw new ReconcileException(HelmConditions.CHART_MUTATE_ERROR, e.getMessage(), false);
      }
    }

    Optional<String> refused = UnsupportedSettings.check(spec);
    if (refused.isPresent()) {
      throw new ReconcileException(HelmConditions.INIT_FAILED, refused.get(), true);
    }
    ReleaseNames names = ReleaseNames.of(hr);
    if (names.release().length() > ReleaseNames.MAX_NAME) {
      throw new ReconcileException(
          HelmConditions.INIT_FAILED,
          "release name '%s' is longer than %d characters: shorten spec.releaseName"
              .formatted(names.release(), ReleaseNames.MAX_NAME),
          true);
    }
    try (Impersonation.Target target =
        impersonation.target(
            hr.getMetadata().getNamespace(), spec.kubeConfig(), spec.serviceAccountName())) {
      Releases releases = engine.apply(target.client());
      ReleaseEvents releaseEvents = bind(hr);
      if (targetChanged(status, names, chart, chartNameChangeStrategy(spec))) {
        HelmReleaseSettings settings = settings(hr);
        if (!Uninstall.forDeletion(
            releases, status, settings.actions().uninstall(), releaseEvents)) {
          return Result.backoff();
        }
        status.history.clear();
        status.clearFailures();
        status.storageNamespace = null;
        return Result.after(Duration.ofSeconds(1), false);
      }
      status.storageNamespace = names.storageNamespace();
      String valuesDigest = Digests.values(values);
      if (ForceAndReset.handleReset(hr, status)
          || mustResetFailures(status, generation, chart.version(), valuesDigest)) {
        status.clearFailures();
      }
      status.lastAttemptedGeneration = generation;
      status.lastAttemptedRevision = chart.version();
      status.lastAttemptedRevisionDigest = ociDigest;
      status.lastAttemptedConfigDigest = valuesDigest;

      HelmReleaseSettings settings = settings(hr);
      Request req =
          new Request(
              hr,
              status,
              names,
              chart,
              values,
              valuesDigest,
              ociDigest,
              settings.postRenderersDigest(),
              settings.commonMetadataDigest(),
              releases,
              settings.actions(),
              releaseEvents,
              options.detectDrift());
      AtomicRelease.Outcome outcome =
          releases.readingHistoryOnce(
              () -> {
                var o = AtomicRelease.run(req, () -> progress(client, hr, status));
                if (o instanceof AtomicRelease.Outcome.Done) {
                  recordInventory(releases, names, status);
                }
                return o;
              });
      return switch (outcome) {
        case AtomicRelease.Outcome.Done d -> Result.after(Jitter.apply(interval), true);
        case AtomicRelease.Outcome.RetryAfter r -> Result.after(Jitter.apply(r.interval()), true);
        case AtomicRelease.Outcome.MustRequeue m -> Result.after(Duration.ofSeconds(1), false);
        case AtomicRelease.Outcome.Failed f -> Result.backoff();
        case AtomicRelease.Outcome.Stalled s -> Result.terminal();
      };
    } catch (PostRenderer.PostRenderException e) {
      throw new ReconcileException(Reasons.BUILD_FAILED, e.getMessage(), false);
    }
  }

  /** The rendering settings of an object: actions, post-rendering and their digests. */
  record HelmReleaseSettings(
      ActionSettings actions, String postRenderersDigest, String commonMetadataDigest) {}

  private HelmReleaseSettings settings(HelmRelease hr) {
    HelmReleaseSpec spec = hr.getSpec();
    PostRenderer renderer =
        new PostRenderer(kustomizer, workDir, spec.postRenderers(), spec.commonMetadata());
    String prDigest =
        spec.postRenderers() == null || spec.postRenderers().isNull()
            ? null
            : Digests.of(spec.postRenderers());
    String cmDigest = spec.commonMetadata() == null ? null : Digests.of(spec.commonMetadata());
    return new HelmReleaseSettings(
        new ActionSettings(
            hr, renderer.isIdentity() ? java.util.function.UnaryOperator.identity() : renderer),
        prDigest,
        cmDigest);
  }

  private static HelmReleaseSpec.ChartNameChangeStrategy chartNameChangeStrategy(
      HelmReleaseSpec spec) {
    return spec.upgrade() == null || spec.upgrade().chartNameChangeStrategy() == null
        ? HelmReleaseSpec.ChartNameChangeStrategy.REINSTALL
        : spec.upgrade().chartNameChangeStrategy();
  }

  /**
   * Flux's ReleaseTargetChanged: a new release name, namespace or storage namespace, or a new chart
   * name unless {@code upgrade.chartNameChangeStrategy} is {@code InPlaceUpdate} (then the release
   * is upgraded to the new chart like any other chart change).
   */
  static boolean targetChanged(
      StatusModel s,
      ReleaseNames names,
      Chart chart,
      HelmReleaseSpec.ChartNameChangeStrategy onChartNameChange) {
    HelmReleaseStatus.Snapshot cur = s.history.latest();
    if (s.storageNamespace == null || s.storageNamespace.isEmpty() || cur == null) {
      return false;
    }
    return !s.storageNamespace.equals(names.storageNamespace())
        || !Objects.equals(cur.namespace(), names.targetNamespace())
        || !Objects.equals(cur.name(), names.release())
        || (onChartNameChange == HelmReleaseSpec.ChartNameChangeStrategy.REINSTALL
            && !Objects.equals(cur.chartName(), chart.name()));
  }

  /** Flux's MustResetFailures: a new generation, chart version or values. */
  static boolean mustResetFailures(
      StatusModel s, long generation, String chartVersion, String valuesDigest) {
    return s.lastAttemptedGeneration != generation
        || !Objects.equals(s.lastAttemptedRevision, chartVersion)
        || (s.lastAttemptedConfigDigest != null
            && !s.lastAttemptedConfigDigest.isEmpty()
            && !s.lastAttemptedConfigDigest.equals(valuesDigest));
  }

  private void recordInventory(Releases releases, ReleaseNames names, StatusModel status) {
    try {
      Optional<Release> latest = releases.latest(names.storageNamespace(), names.release());
      if (latest.isPresent() && latest.get().status() == ReleaseStatus.DEPLOYED) {
        status.inventory =
            Inventory.toStatus(
                ManifestInventory.of(latest.get().manifest(), names.targetNamespace()));
      }
    } catch (ReleaseException e) {
      LOG.debug("cannot read the release to record the inventory: {}", e.getMessage());
    }
  }

  private ReleaseEvents bind(HelmRelease hr) {
    return new ReleaseEvents() {
      @Override
      public void normal(String reason, String message, Map<String, String> annotations) {
        events.normal(hr, reason, message, annotations);
      }

      @Override
      public void warning(String reason, String message, Map<String, String> annotations) {
        events.warning(hr, reason, message, annotations);
      }
    };
  }

  static ValuesResolver.Lookup lookup(KubernetesClient client) {
    return (kind, namespace, name) -> {
      if (kind.equals("ConfigMap")) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
        return cm == null
            ? Optional.empty()
            : Optional.of(cm.getData() == null ? Map.of() : cm.getData());
      }
      Secret s = client.secrets().inNamespace(namespace).withName(name).get();
      if (s == null) {
        return Optional.empty();
      }
      Map<String, String> out = new LinkedHashMap<>();
      if (s.getData() != null) {
        s.getData()
            .forEach(
                (k, v) ->
                    out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
      }
      if (s.getStringData() != null) {
        out.putAll(s.getStringData());
      }
      return Optional.of(out);
    };
  }

  /**
   * Writes the whole status in progress (Reconciling, Ready, and the history and counters of the
   * action that just ran), as helm-controller patches the object between actions: Ready=True is
   * never seen without the release it reports. It is a server-side apply with the field manager
   * JOSDK uses for the final status write (the controller's name), so that a field the final write
   * leaves out goes, rather than being kept alive by a second owner.
   */
  private void progress(KubernetesClient client, HelmRelease hr, StatusModel status) {
    long generation = Objects.requireNonNullElse(hr.getMetadata().getGeneration(), 0L);
    if (status.conditions.toList().stream()
        .anyMatch(
            c ->
                c.type().equals(ConditionTypes.READY)
                    && c.isTrue()
                    && Objects.equals(c.observedGeneration(), generation))) {
      // Ready for this generation is never seen beside an older observedGeneration
      status.observedGeneration = generation;
    }
    HelmRelease patch = new HelmRelease();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(hr.getMetadata().getName())
            .withNamespace(hr.getMetadata().getNamespace())
            .build());
    patch.setStatus(status.toStatus());
    try {
      client
          .resource(patch)
          .subresource("status")
          .patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.SERVER_SIDE_APPLY)
                  .withForce(true)
                  // the manager of the final status write too (Controllers sets it for JOSDK): a
                  // field the final write drops is then dropped, not kept by a second owner
                  .withFieldManager(HelmRelease.FIELD_MANAGER)
                  .build());
    } catch (KubernetesClientException e) {
      LOG.debug(
          "could not record progress of {}/{}: {}",
          hr.getMetadata().getNamespace(),
          hr.getMetadata().getName(),
          e.getMessage());
    }
  }

  /**
   * Deleting a HelmRelease uninstalls its release (unless suspended) and deletes its HelmChart; a
   * release that is already gone, or one whose service account is gone, lets the object go.
   */
  private UpdateControl<HelmRelease> finalizeRelease(KubernetesClient client, HelmRelease hr) {
    if (!hr.hasFinalizer(Annotations.FINALIZER)) {
      return UpdateControl.noUpdate();
    }
    HelmReleaseSpec spec = hr.getSpec();
    long generation = Objects.requireNonNullElse(hr.getMetadata().getGeneration(), 0L);
    StatusModel status = new StatusModel(hr.getStatus(), generation, clock);
    if (!Boolean.TRUE.equals(spec.suspend())) {
      if (status.storageNamespace != null && !status.storageNamespace.isEmpty()) {
        String sa = impersonation.serviceAccount(spec.serviceAccountName());
        boolean saGone =
            spec.kubeConfig() == null
                && sa != null
                && client
                        .serviceAccounts()
                        .inNamespace(hr.getMetadata().getNamespace())
                        .withName(sa)
                        .get()
                    == null;
        if (!saGone) {
          try (Impersonation.Target target =
              impersonation.target(
                  hr.getMetadata().getNamespace(), spec.kubeConfig(), spec.serviceAccountName())) {
            Releases releases = engine.apply(target.client());
            if (!Uninstall.forDeletion(
                releases, status, settings(hr).actions().uninstall(), bind(hr))) {
              hr.setStatus(status.toStatus());
              return UpdateControl.patchStatus(StatusPatch.of(hr, HelmRelease::new))
                  .rescheduleAfter(Duration.ofSeconds(5));
            }
          } catch (ReconcileException e) {
            // e.g. the kubeconfig Secret went with the namespace: the release cannot be reached
            LOG.info(
                "skipping uninstall of {}/{}: {}",
                hr.getMetadata().getNamespace(),
                hr.getMetadata().getName(),
                e.getMessage());
          }
        }
      }
      if (status.helmChart != null) {
        ChartTemplate.delete(client, status.helmChart);
      }
    }
    Finalizers.remove(client, hr, Annotations.FINALIZER);
    failures.remove(ResourceID.fromResource(hr));
    writtenHistory.remove(ResourceID.fromResource(hr));
    return UpdateControl.noUpdate();
  }
}
