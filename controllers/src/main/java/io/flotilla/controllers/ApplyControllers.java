package io.flotilla.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.controllers.helmrelease.HelmReleaseReconciler;
import io.flotilla.controllers.kustomization.KustomizationReconciler;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.EventSink;
import io.flotilla.controllers.runtime.Impersonation;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.kustomize.KustomizeOptions;
import io.flotilla.kustomize.Kustomizer;
import io.flotilla.source.artifact.ArtifactFetcher;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.Controller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The controllers that apply to the cluster (kustomize-controller, helm-controller) registered on
 * their operators, and what the running ones hold in their caches.
 */
final class ApplyControllers {
  private ApplyControllers() {}

  /** Registers the Kustomization reconciler; {@code o} holds kustomize-controller's options. */
  static void kustomize(
      Operator operator,
      KubernetesClient client,
      ControllerOptions options,
      ControllersSettings s,
      ControllerOptions o,
      Impersonation impersonation,
      Path work,
      EventSink events,
      ReconcileMetrics metrics) {
    SourceControllers.register(
        operator,
        options,
        "kustomization",
        new KustomizationReconciler(
            new ArtifactFetcher(options.maxArtifactBytes(), Duration.ofMinutes(1)),
            Kustomizer.create(KustomizeOptions.defaults()),
            work,
            o.requeueDependency(),
            impersonation,
            o.noCrossNamespaceRefs(),
            new EventRecorder(client, "kustomize-controller", options.clock(), events),
            metrics,
            options.clock(),
            s.strictSubstitution()));
  }

  /** Registers the HelmRelease reconciler (the process has a Helm release engine). */
  static void helm(
      Operator operator,
      KubernetesClient client,
      ControllerOptions options,
      ControllersSettings s,
      Impersonation impersonation,
      Path work,
      EventSink events,
      ReconcileMetrics metrics) {
    operator.register(
        new HelmReleaseReconciler(
            options.helmReleases(),
            new ArtifactFetcher(options.maxArtifactBytes(), Duration.ofMinutes(1)),
            Kustomizer.create(KustomizeOptions.defaults()),
            work,
            impersonation,
            s.helmOptions(options),
            new EventRecorder(client, "helm-controller", options.clock(), events),
            metrics,
            options.clock()),
        c ->
            c.withName("helmrelease")
                .withFieldManager(HelmRelease.FIELD_MANAGER)
                .withTriggerReconcilerOnAllEvents(true)
                .withGenerationAware(false)
                .withOnUpdateFilter(Triggers.<HelmRelease>specOrRequest())
                .withLabelSelector(options.watchLabelSelector()));
  }

  /** The Flux objects {@code operators}' controllers hold in their informer caches. */
  static Stream<HasMetadata> cached(List<Operator> operators) {
    return operators.stream()
        .flatMap(o -> o.getRegisteredControllers().stream())
        .filter(c -> c instanceof Controller<?>)
        .flatMap(c -> cached((Controller<?>) c));
  }

  private static Stream<HasMetadata> cached(Controller<?> controller) {
    try {
      return controller
          .getEventSourceManager()
          .getControllerEventSource()
          .list(o -> true)
          .map(HasMetadata.class::cast);
    } catch (RuntimeException notStartedYet) {
      return Stream.empty();
    }
  }
}
