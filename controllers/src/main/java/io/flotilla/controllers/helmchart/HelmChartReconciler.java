package io.flotilla.controllers.helmchart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.HelmChart;
import io.flotilla.api.flux.source.HelmChartSpec;
import io.flotilla.api.flux.source.HelmChartStatus;
import io.flotilla.api.flux.source.HelmRepository;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.Finalizers;
import io.flotilla.controllers.runtime.GoDuration;
import io.flotilla.controllers.runtime.Jitter;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.runtime.StatusPatch;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactStorage;
import io.flotilla.source.artifact.StoredArtifact;
import io.flotilla.source.helm.ChartBuilder;
import io.flotilla.source.helm.ChartIndex;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds a HelmChart's artifact as source-controller does: from a HelmRepository (the chart
 * resolved in its stored index and pulled, or pulled from the OCI registry of a {@code type: oci}
 * one), or packaged from a path in a GitRepository's or Bucket's artifact. Reconciled again when
 * the source's artifact revision changes.
 */
public final class HelmChartReconciler implements Reconciler<HelmChart> {
  public static final String KIND = "helmchart";
  private static final String SOURCE_INDEX = "source";
  private static final Duration NO_ARTIFACT_RETRY = Duration.ofSeconds(10);

  private final ArtifactStorage storage;
  private final Path workDir;
  private final long maxChartBytes;
  private final EventRecorder events;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final IndexCache indexes = new IndexCache(16);

  public HelmChartReconciler(
      ArtifactStorage storage,
      Path workDir,
      long maxChartBytes,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock) {
    this.storage = storage;
    this.workDir = workDir;
    this.maxChartBytes = maxChartBytes;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, HelmChart>> prepareEventSources(EventSourceContext<HelmChart> ctx) {
    ctx.getPrimaryCache()
        .addIndexer(
            SOURCE_INDEX,
            hc ->
                List.of(
                    key(
                        hc.getSpec().sourceRef().kind().name(),
                        hc.getMetadata().getNamespace(),
                        hc.getSpec().sourceRef().name())));
    return List.of(
        sourceEvents(
            ctx,
            HelmRepository.class,
            r -> r.getStatus() == null ? null : r.getStatus().artifact()),
        sourceEvents(
            ctx, GitRepository.class, r -> r.getStatus() == null ? null : r.getStatus().artifact()),
        sourceEvents(
            ctx, Bucket.class, r -> r.getStatus() == null ? null : r.getStatus().artifact()));
  }

  /** Reconciles the HelmCharts of a source when its artifact revision changes. */
  private static <S extends HasMetadata> EventSource<S, HelmChart> sourceEvents(
      EventSourceContext<HelmChart> ctx, Class<S> type, Function<S, Artifact> artifact) {
    var config =
        InformerEventSourceConfiguration.from(type, HelmChart.class)
            .withName("helmchart-sources-" + type.getSimpleName())
            .withOnUpdateFilter(
                (next, prev) ->
                    !Objects.equals(revision(artifact.apply(next)), revision(artifact.apply(prev))))
            .withSecondaryToPrimaryMapper(
                s ->
                    ctx
                        .getPrimaryCache()
                        .byIndex(
                            SOURCE_INDEX,
                            key(
                                type.getSimpleName(),
                                s.getMetadata().getNamespace(),
                                s.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return new InformerEventSource<>(config, ctx);
  }

  private static String revision(Artifact a) {
    return a == null ? null : a.revision();
  }

  private static String key(String kind, String ns, String name) {
    return kind + "/" + ns + "/" + name;
  }

  @Override
  public UpdateControl<HelmChart> reconcile(HelmChart chart, Context<HelmChart> ctx) {
    if (ctx.isPrimaryResourceDeleted()) {
      return UpdateControl.noUpdate();
    }
    String ns = chart.getMetadata().getNamespace();
    String name = chart.getMetadata().getName();
    if (chart.isMarkedForDeletion()) {
      if (chart.hasFinalizer(Annotations.FINALIZER)) {
        failures.remove(ns + "/" + name);
        try {
          storage.remove(KIND, ns, name);
        } catch (SourceException e) {
          events.warning(chart, e.reason(), e.getMessage());
          return UpdateControl.<HelmChart>noUpdate().rescheduleAfter(Duration.ofSeconds(5));
        }
        Finalizers.remove(ctx.getClient(), chart, Annotations.FINALIZER);
      }
      return UpdateControl.noUpdate();
    }
    if (!chart.hasFinalizer(Annotations.FINALIZER)) {
      Finalizers.add(ctx.getClient(), chart, Annotations.FINALIZER);
    }
    HelmChartSpec spec = chart.getSpec();
    if (Boolean.TRUE.equals(spec.suspend())) {
      return UpdateControl.noUpdate();
    }
    Instant start = clock.instant();
    String key = ns + "/" + name;
    HelmChartStatus old = chart.getStatus();
    long generation = Objects.requireNonNullElse(chart.getMetadata().getGeneration(), 0L);
    Conditions conditions =
        new Conditions(old == null ? null : old.conditions(), generation, clock);
    State state = new State(old);
    Duration interval;
    try {
      interval = GoDuration.parse(spec.interval());
    } catch (IllegalArgumentException | NullPointerException e) {
      interval = Duration.ofMinutes(10);
    }
    Duration next;
    Path tmp = null;
    try {
      tmp = TempDirs.create(workDir, "helmchart-");
      boolean force = old == null || !Objects.equals(old.observedGeneration(), generation);
      ChartBuilder.Build build =
          new Builds(ctx.getClient(), storage, maxChartBytes, indexes)
              .build(chart, state, tmp, force);
      if (build == null) {
        conditions
            .markFalse(ConditionTypes.READY, Reasons.NO_SOURCE_ARTIFACT, state.waiting)
            .markTrue(ConditionTypes.FETCH_FAILED, Reasons.NO_SOURCE_ARTIFACT, state.waiting);
        next = NO_ARTIFACT_RETRY;
      } else {
        store(chart, build, state);
        String reason =
            build.packaged() ? Reasons.CHART_PACKAGE_SUCCEEDED : Reasons.CHART_PULL_SUCCEEDED;
        conditions
            .markTrue(ConditionTypes.READY, reason, build.summary())
            .markTrue(ConditionTypes.ARTIFACT_IN_STORAGE, reason, build.summary())
            .delete(ConditionTypes.RECONCILING)
            .delete(ConditionTypes.STALLED)
            .delete(ConditionTypes.FETCH_FAILED)
            .delete(ConditionTypes.BUILD_FAILED)
            .delete(ConditionTypes.ARTIFACT_OUTDATED)
            .delete(ConditionTypes.STORAGE_OPERATION_FAILED);
        failures.remove(key);
        next = Jitter.apply(interval);
      }
    } catch (SourceException e) {
      String type =
          switch (e.reason()) {
            case Reasons.VALUES_FILES_ERROR,
                Reasons.METADATA_PATCH_ERROR,
                Reasons.DEPENDENCY_BUILD_ERROR,
                Reasons.CHART_PACKAGE_ERROR ->
                ConditionTypes.BUILD_FAILED;
            case Reasons.STORAGE_OPERATION_FAILED -> ConditionTypes.STORAGE_OPERATION_FAILED;
            default -> ConditionTypes.FETCH_FAILED;
          };
      conditions
          .markFalse(ConditionTypes.READY, e.reason(), e.getMessage())
          .markTrue(type, e.reason(), e.getMessage())
          .delete(ConditionTypes.RECONCILING);
      if (e.terminal()) {
        conditions.markTrue(ConditionTypes.STALLED, e.reason(), e.getMessage());
        next = interval;
      } else {
        conditions.delete(ConditionTypes.STALLED);
        next = Jitter.backoff(failures.merge(key, 1, Integer::sum), interval);
      }
      events.warning(chart, e.reason(), e.getMessage());
    } catch (IOException e) {
      conditions
          .markFalse(ConditionTypes.READY, Reasons.STORAGE_OPERATION_FAILED, e.getMessage())
          .markTrue(
              ConditionTypes.STORAGE_OPERATION_FAILED,
              "DirCreationFailed",
              "failed to create temporary working directory: " + e.getMessage());
      next = Jitter.backoff(failures.merge(key, 1, Integer::sum), interval);
    } finally {
      TempDirs.deleteQuietly(tmp);
    }
    chart.setStatus(
        new HelmChartStatus(
            generation,
            state.sourceRevision,
            state.chartName,
            state.valuesFiles,
            conditions.toList(),
            state.artifact == null ? null : state.artifact.url(),
            state.artifact,
            Triggers.requestedAt(chart)));
    metrics.record(HelmChart.KIND, ns, name, Duration.between(start, clock.instant()));
    return UpdateControl.patchStatus(StatusPatch.ofVersion(chart, HelmChart::new))
        .rescheduleAfter(next);
  }

  /** Stores the build unless it is the current artifact; announces a new chart. */
  private void store(HelmChart chart, ChartBuilder.Build build, State state)
      throws SourceException {
    String ns = chart.getMetadata().getNamespace();
    String name = chart.getMetadata().getName();
    Path current =
        state.artifact == null ? null : storage.localPath(state.artifact.path()).orElse(null);
    if (current != null && current.equals(build.path())) {
      state.artifact =
          storage.list(KIND, ns, name).stream()
              .filter(a -> a.path().equals(state.artifact.path()))
              .findFirst()
              .map(StoredArtifact::toApi)
              .orElse(state.artifact);
    } else {
      StoredArtifact stored =
          storage.storeFile(
              KIND,
              ns,
              name,
              build.version(),
              build.name() + "-" + build.version() + ".tgz",
              build.path());
      storage.garbageCollect(KIND, ns, name, 2);
      state.artifact = stored.toApi();
      events.normal(
          chart,
          build.packaged() ? Reasons.CHART_PACKAGE_SUCCEEDED : Reasons.CHART_PULL_SUCCEEDED,
          build.summary());
    }
    state.chartName = build.name();
    state.valuesFiles = build.valuesFiles().isEmpty() ? null : build.valuesFiles();
  }

  /** What the status will say; filled in as the reconcile goes. */
  static final class State {
    Artifact artifact;
    String chartName;
    String sourceRevision;
    List<String> valuesFiles;
    String waiting;

    State(HelmChartStatus old) {
      if (old != null) {
        artifact = old.artifact();
        chartName = old.observedChartName();
        sourceRevision = old.observedSourceArtifactRevision();
        valuesFiles = old.observedValuesFiles();
      }
    }
  }

  /**
   * The few parsed indexes most recently used, by artifact digest (a 50 MiB index is parsed once).
   */
  static final class IndexCache {
    private final Map<String, ChartIndex> map;

    IndexCache(int size) {
      this.map =
          java.util.Collections.synchronizedMap(
              new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ChartIndex> e) {
                  return size() > size;
                }
              });
    }

    ChartIndex get(String digest, Path file) throws IOException {
      ChartIndex i = map.get(digest);
      if (i == null) {
        i = ChartIndex.read(file);
        map.put(digest, i);
      }
      return i;
    }
  }
}
