package io.flotilla.controllers.helmrelease;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.helm.HelmReleaseSpec;
import io.flotilla.api.flux.helm.HelmReleaseStatus;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.Reasons;
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
import io.flotilla.helm.Chart;
import io.flotilla.helm.Charts;
import io.flotilla.helm.Releases;
import io.flotilla.kustomize.Kustomizer;
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
import java.util.List;
import java.util.Map;
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
  private final ReleaseDeletion deletion;
  private final Lifecycle.Hooks<HelmRelease> lifecycle =
      new Lifecycle.Hooks<>() {
        @Override
        public UpdateControl<HelmRelease> finalize(HelmRelease hr, Context<HelmRelease> ctx) {
          return deletion.run(ctx.getClient(), hr);
        }

        @Override
        public boolean suspended(HelmRelease hr) {
          return Boolean.TRUE.equals(hr.getSpec().suspend());
        }
      };

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
    this.deletion =
        new ReleaseDeletion(
            this.engine,
            impersonation,
            hr -> HelmReleaseSettings.of(hr, kustomizer, workDir),
            hr -> ReleaseEvents.of(events, hr),
            clock,
            hr -> {
              failures.remove(ResourceID.fromResource(hr));
              writtenHistory.remove(ResourceID.fromResource(hr));
            });
  }

  @Override
  public List<EventSource<?, HelmRelease>> prepareEventSources(
      EventSourceContext<HelmRelease> ctx) {
    return watches.eventSources(ctx);
  }

  @Override
  public UpdateControl<HelmRelease> reconcile(HelmRelease hr, Context<HelmRelease> ctx) {
    return Lifecycle.gate(hr, ctx, lifecycle).orElseGet(() -> run(hr, ctx.getClient()));
  }

  private UpdateControl<HelmRelease> run(HelmRelease hr, KubernetesClient client) {
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
    long generation = Conditions.generation(hr);
    StatusModel status = new StatusModel(hr.getStatus(), generation, clock);
    status.lastHandledReconcileAt = Triggers.requestedAt(hr);
    Outcome outcome;
    try {
      outcome = reconcileRelease(client, hr, status, generation);
    } catch (ReconcileException e) {
      outcome = failed(hr, status, Outcome.of(e));
    } catch (KubernetesClientException e) {
      outcome =
          failed(
              hr, status, new Outcome.Retry(Reasons.RECONCILIATION_FAILED, e.getMessage(), null));
    }
    ResourceID id = ResourceID.fromResource(hr);
    if (observes(outcome)) {
      status.observedGeneration = generation;
    }
    Duration next = outcome.next();
    if (outcome instanceof Outcome.Retry r && r.after() == null) {
      int n = failures.merge(id, 1, Integer::sum);
      next = Jitter.backoff(n, MAX_BACKOFF);
    } else {
      failures.remove(id);
    }
    hr.setStatus(status.toStatus());
    readiness.record(
        hr.getMetadata().getNamespace(), hr.getMetadata().getName(), hr.getStatus().conditions());
    writtenHistory.put(id, historyKey(hr.getStatus()));
    metrics.record(HelmRelease.KIND, hr, Duration.between(start, clock.instant()));
    return StatusPatch.write(StatusPatch.of(hr, HelmRelease::new), next);
  }

  /** The newest snapshot of a status's history, as {@code <version>/<digest>}. */
  private static String historyKey(HelmReleaseStatus status) {
    if (status == null || status.history() == null || status.history().isEmpty()) {
      return "";
    }
    var latest = status.history().get(0);
    return latest.version() + "/" + latest.digest();
  }

  /**
   * A retry with helm-controller's backoff; the release actions set the conditions on the way, so
   * it carries no reason of its own.
   */
  private static final Outcome BACKOFF = new Outcome.Retry(null, null, null);

  /** A new look soon, after a step that changed what the next run starts from. */
  private static final Outcome REQUEUE = new Outcome.Waiting(null, null, Duration.ofSeconds(1));

  /**
   * Whether the run counts this generation as observed: done, stalled, or retried on the schedule
   * the release chose (helm-controller's RetryAfter); not while waiting or backing off.
   */
  private static boolean observes(Outcome outcome) {
    return switch (outcome) {
      case Outcome.Ready r -> true;
      case Outcome.Stalled s -> true;
      case Outcome.Retry r -> r.after() != null;
      case Outcome.Waiting w -> false;
    };
  }

  /** The conditions and event of a failure the run threw: Ready=False, and Stalled if terminal. */
  private Outcome failed(HelmRelease hr, StatusModel status, Outcome outcome) {
    status.conditions.markFalse(ConditionTypes.READY, outcome.reason(), outcome.message());
    if (outcome instanceof Outcome.Stalled) {
      status.conditions.markTrue(ConditionTypes.STALLED, outcome.reason(), outcome.message());
      status.conditions.delete(ConditionTypes.RECONCILING);
      events.warning(hr, outcome.reason(), outcome.message());
    }
    return outcome;
  }

  private Outcome reconcileRelease(
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
      return new Outcome.Waiting(
          HelmConditions.SOURCE_NOT_READY,
          ChartTemplate.AWAITING_MANAGED_SOURCE,
          options.requeueDependency());
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
    StatusProgress.write(client, hr, status);

    try {
      DependencyCheck.verify(
          client, hr, spec.dependsOn(), HelmRelease.class, DependencyCheck::readyAtGeneration);
    } catch (ReconcileException e) {
      if (e.terminal()) {
        c.markTrue(ConditionTypes.STALLED, e.reason(), e.getMessage());
        throw e;
      }
      c.markFalse(ConditionTypes.READY, HelmConditions.DEPENDENCY_NOT_READY, e.getMessage());
      events.normal(hr, HelmConditions.DEPENDENCY_NOT_READY, e.getMessage());
      return new Outcome.Waiting(
          HelmConditions.DEPENDENCY_NOT_READY, e.getMessage(), options.requeueDependency());
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
          return new Outcome.Waiting(
              HelmConditions.SOURCE_NOT_READY,
              e.getMessage(),
              Jitter.apply(options.requeueDependency()));
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
              hr.getMetadata().getNamespace(),
              spec.valuesFrom(),
              spec.values(),
              ValuesLookup.of(client));
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
      ReleaseEvents releaseEvents = ReleaseEvents.of(events, hr);
      if (HelmReleaseSettings.targetChanged(
          status, names, chart, HelmReleaseSettings.chartNameChangeStrategy(spec))) {
        HelmReleaseSettings settings = HelmReleaseSettings.of(hr, kustomizer, workDir);
        if (!Uninstall.forDeletion(
            releases, status, settings.actions().uninstall(), releaseEvents)) {
          return BACKOFF;
        }
        status.history.clear();
        status.clearFailures();
        status.storageNamespace = null;
        return REQUEUE;
      }
      status.storageNamespace = names.storageNamespace();
      String valuesDigest = Digests.values(values);
      if (ForceAndReset.handleReset(hr, status)
          || HelmReleaseSettings.mustResetFailures(
              status, generation, chart.version(), valuesDigest)) {
        status.clearFailures();
      }
      status.lastAttemptedGeneration = generation;
      status.lastAttemptedRevision = chart.version();
      status.lastAttemptedRevisionDigest = ociDigest;
      status.lastAttemptedConfigDigest = valuesDigest;

      HelmReleaseSettings settings = HelmReleaseSettings.of(hr, kustomizer, workDir);
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
                var o = AtomicRelease.run(req, () -> StatusProgress.write(client, hr, status));
                if (o instanceof AtomicRelease.Outcome.Done) {
                  ManifestInventory.record(releases, names, status);
                }
                return o;
              });
      return switch (outcome) {
        case AtomicRelease.Outcome.Done d -> new Outcome.Ready(null, Jitter.apply(interval));
        case AtomicRelease.Outcome.RetryAfter r ->
            new Outcome.Retry(null, null, Jitter.apply(r.interval()));
        case AtomicRelease.Outcome.MustRequeue m -> REQUEUE;
        case AtomicRelease.Outcome.Failed f -> BACKOFF;
        case AtomicRelease.Outcome.Stalled s -> new Outcome.Stalled(null, null);
      };
    } catch (PostRenderer.PostRenderException e) {
      throw new ReconcileException(Reasons.BUILD_FAILED, e.getMessage(), false);
    }
  }
}
