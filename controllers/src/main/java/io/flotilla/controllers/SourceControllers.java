package io.flotilla.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.HelmChart;
import io.flotilla.api.flux.source.HelmRepository;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.controllers.bucket.BucketReconciler;
import io.flotilla.controllers.gitrepository.GitRepositoryReconciler;
import io.flotilla.controllers.helmchart.HelmChartReconciler;
import io.flotilla.controllers.helmrepository.HelmRepositoryReconciler;
import io.flotilla.controllers.ocirepository.OCIRepositoryReconciler;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.EventSink;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.source.artifact.ArtifactStorage;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Path;

/**
 * source-controller's kinds on one operator: GitRepository, Bucket, OCIRepository, HelmRepository
 * and HelmChart, each reconciled on spec changes and reconcile requests.
 */
final class SourceControllers {
  private SourceControllers() {}

  /** Registers source-controller's reconcilers on {@code operator}. */
  static void register(
      Operator operator,
      KubernetesClient client,
      ControllerOptions options,
      ArtifactStorage storage,
      Path work,
      EventSink events,
      ReconcileMetrics metrics) {
    operator.register(
        new GitRepositoryReconciler(
            storage,
            work,
            new EventRecorder(client, "source-controller", options.clock(), events),
            metrics,
            options.clock()),
        c ->
            c.withName("gitrepository")
                .withTriggerReconcilerOnAllEvents(true)
                .withGenerationAware(false)
                .withOnUpdateFilter(Triggers.<GitRepository>specOrRequest())
                .withLabelSelector(options.watchLabelSelector()));
    EventRecorder sourceEvents =
        new EventRecorder(client, "source-controller", options.clock(), events);
    operator.register(
        new BucketReconciler(
            storage, work, options.maxArtifactBytes(), sourceEvents, metrics, options.clock()),
        c ->
            c.withName("bucket")
                .withTriggerReconcilerOnAllEvents(true)
                .withGenerationAware(false)
                .withOnUpdateFilter(Triggers.<Bucket>specOrRequest())
                .withLabelSelector(options.watchLabelSelector()));
    operator.register(
        new OCIRepositoryReconciler(
            storage, work, options.maxArtifactBytes(), sourceEvents, metrics, options.clock()),
        c ->
            c.withName("ocirepository")
                .withTriggerReconcilerOnAllEvents(true)
                .withGenerationAware(false)
                .withOnUpdateFilter(Triggers.<OCIRepository>specOrRequest())
                .withLabelSelector(options.watchLabelSelector()));
    operator.register(
        new HelmRepositoryReconciler(
            storage,
            work,
            HelmRepositoryReconciler.DEFAULT_MAX_INDEX_BYTES,
            sourceEvents,
            metrics,
            options.clock()),
        c ->
            c.withName("helmrepository")
                .withTriggerReconcilerOnAllEvents(true)
                .withGenerationAware(false)
                .withOnUpdateFilter(Triggers.<HelmRepository>specOrRequest())
                .withLabelSelector(options.watchLabelSelector()));
    operator.register(
        new HelmChartReconciler(
            storage, work, options.maxArtifactBytes(), sourceEvents, metrics, options.clock()),
        c ->
            c.withName("helmchart")
                .withTriggerReconcilerOnAllEvents(true)
                .withGenerationAware(false)
                .withOnUpdateFilter(Triggers.<HelmChart>specOrRequest())
                .withLabelSelector(options.watchLabelSelector()));
  }
}
