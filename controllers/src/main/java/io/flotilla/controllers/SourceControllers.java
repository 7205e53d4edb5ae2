package io.flotilla.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.controllers.bucket.BucketReconciler;
import io.flotilla.controllers.gitrepository.GitRepositoryReconciler;
import io.flotilla.controllers.helmchart.HelmChartReconciler;
import io.flotilla.controllers.helmrepository.HelmRepositoryReconciler;
import io.flotilla.controllers.ocirepository.OCIRepositoryReconciler;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.EventSink;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.controllers.source.SourceLoop;
import io.flotilla.source.artifact.ArtifactStorage;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
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
    SourceLoop.Wiring wiring =
        new SourceLoop.Wiring(
            storage,
            work,
            new EventRecorder(client, "source-controller", options.clock(), events),
            metrics,
            options.clock());
    register(operator, options, "gitrepository", new GitRepositoryReconciler(wiring));
    register(operator, options, "bucket", new BucketReconciler(wiring, options.maxArtifactBytes()));
    register(
        operator,
        options,
        "ocirepository",
        new OCIRepositoryReconciler(wiring, options.maxArtifactBytes()));
    register(
        operator,
        options,
        "helmrepository",
        new HelmRepositoryReconciler(wiring, HelmRepositoryReconciler.DEFAULT_MAX_INDEX_BYTES));
    register(
        operator,
        options,
        "helmchart",
        new HelmChartReconciler(wiring, options.maxArtifactBytes()));
  }

  /**
   * Registers a Flux kind's reconciler as Flux runs it: on every event of the kind, filtered to
   * spec changes and reconcile requests.
   */
  static <R extends HasMetadata> void register(
      Operator operator, ControllerOptions options, String name, Reconciler<R> reconciler) {
    operator.register(
        reconciler,
        c ->
            c.withName(name)
                .withTriggerReconcilerOnAllEvents(true)
                .withGenerationAware(false)
                .withOnUpdateFilter(Triggers.<R>specOrRequest())
                .withLabelSelector(options.watchLabelSelector()));
  }
}
