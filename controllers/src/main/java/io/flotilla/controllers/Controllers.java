package io.flotilla.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.controllers.bucket.BucketReconciler;
import io.flotilla.controllers.fluxconfig.FluxConfigReconciler;
import io.flotilla.controllers.gitrepository.GitRepositoryReconciler;
import io.flotilla.controllers.kustomization.Impersonation;
import io.flotilla.controllers.kustomization.KustomizationReconciler;
import io.flotilla.controllers.ocirepository.OCIRepositoryReconciler;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.kustomize.KustomizeOptions;
import io.flotilla.kustomize.Kustomizer;
import io.flotilla.source.artifact.ArtifactFetcher;
import io.flotilla.source.artifact.ArtifactServer;
import io.flotilla.source.artifact.ArtifactStorage;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The engine for one cluster: source (GitRepository, Bucket, OCIRepository), kustomize
 * (Kustomization) and FluxConfig controllers on one client, plus the HTTP server that hands
 * artifacts to consumers.
 */
public final class Controllers implements AutoCloseable {
  private final Operator operator;
  private final ArtifactServer artifacts;
  private final AutoCloseable impersonation;

  private Controllers(Operator operator, ArtifactServer artifacts, AutoCloseable impersonation) {
    this.operator = operator;
    this.artifacts = artifacts;
    this.impersonation = impersonation;
  }

  public static Controllers start(KubernetesClient client, ControllerOptions options) {
    Path data = options.dataDir();
    Path work = data.resolve("tmp");
    ArtifactStorage unbound =
        new ArtifactStorage(data.resolve("artifacts"), "http://" + options.host())
            .withMaxArtifactBytes(options.maxArtifactBytes());
    ArtifactServer server = ArtifactServer.start(unbound, options.host(), options.artifactPort());
    ArtifactStorage storage = unbound.withAdvertisedBaseUrl(server.baseUrl());
    ReconcileMetrics metrics = new ReconcileMetrics(options.meters());
    Impersonation impersonation = new Impersonation(client, options.defaultServiceAccount());
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .checkingCRDAndValidateLocalModel(false)
                    .withConcurrentReconciliationThreads(options.concurrency()));
    operator.register(
        new GitRepositoryReconciler(
            storage,
            work,
            new EventRecorder(client, "source-controller", options.clock()),
            metrics,
            options.clock()),
        c ->
            c.withName("gitrepository")
                .withTriggerReconcilerOnAllEvents(true)
                .withGenerationAware(false)
                .withOnUpdateFilter(Triggers.<GitRepository>specOrRequest()));
    EventRecorder sourceEvents = new EventRecorder(client, "source-controller", options.clock());
    operator.register(
        new BucketReconciler(
            storage, work, options.maxArtifactBytes(), sourceEvents, metrics, options.clock()),
        c ->
            c.withName("bucket")
                .withTriggerReconcilerOnAllEvents(true)
                .withGenerationAware(false)
                .withOnUpdateFilter(Triggers.<Bucket>specOrRequest()));
    operator.register(
        new OCIRepositoryReconciler(
            storage, work, options.maxArtifactBytes(), sourceEvents, metrics, options.clock()),
        c ->
            c.withName("ocirepository")
                .withTriggerReconcilerOnAllEvents(true)
                .withGenerationAware(false)
                .withOnUpdateFilter(Triggers.<OCIRepository>specOrRequest()));
    operator.register(
        new KustomizationReconciler(
            new ArtifactFetcher(options.maxArtifactBytes(), Duration.ofMinutes(1)),
            Kustomizer.create(KustomizeOptions.defaults()),
            work,
            options.requeueDependency(),
            impersonation,
            options.noCrossNamespaceRefs(),
            new EventRecorder(client, "kustomize-controller", options.clock()),
            metrics,
            options.clock()),
        c ->
            c.withName("kustomization")
                .withTriggerReconcilerOnAllEvents(true)
                .withGenerationAware(false)
                .withOnUpdateFilter(
                    notWhenOnlyFinalizerAdded(
                        Triggers.<Kustomization>specOrRequest(), Annotations.FINALIZER)));
    operator.register(
        new FluxConfigReconciler(options.clock()),
        c -> c.withName("fluxconfig").withFinalizer(FluxConfig.GROUP + "/finalizer"));
    operator.start();
    return new Controllers(operator, server, impersonation);
  }

  /**
   * The reconcile that adds the finalizer goes on to do the work, so the update its own edit causes
   * must not queue a second, identical reconcile (it doubled the API traffic of a first apply).
   */
  static <R extends HasMetadata> OnUpdateFilter<R> notWhenOnlyFinalizerAdded(
      OnUpdateFilter<R> filter, String finalizer) {
    return (next, prev) -> {
      if (!filter.accept(next, prev)) {
        return false;
      }
      List<String> before = finalizers(prev);
      List<String> after = finalizers(next);
      boolean onlyAdded =
          !before.contains(finalizer)
              && after.contains(finalizer)
              && after.size() == before.size() + 1
              && after.containsAll(before)
              && Objects.equals(
                  next.getMetadata().getGeneration(), prev.getMetadata().getGeneration())
              && Objects.equals(Triggers.requestedAt(next), Triggers.requestedAt(prev))
              && next.getMetadata().getDeletionTimestamp() == null;
      return !onlyAdded;
    };
  }

  private static List<String> finalizers(HasMetadata o) {
    return o.getMetadata().getFinalizers() == null ? List.of() : o.getMetadata().getFinalizers();
  }

  public String artifactBaseUrl() {
    return artifacts.baseUrl();
  }

  @Override
  public void close() {
    operator.stop();
    artifacts.close();
    try {
      impersonation.close();
    } catch (Exception e) {
      // clients close without checked failures; nothing to recover here
    }
  }
}
