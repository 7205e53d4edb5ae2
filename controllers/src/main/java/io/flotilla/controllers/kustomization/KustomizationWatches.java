package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.client.CustomResource;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.flux.source.SourceStatus;
import io.flotilla.controllers.runtime.DependencyCheck;
import io.flotilla.controllers.runtime.PrimaryIndex;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * What a Kustomization watches besides itself, as kustomize-controller: the artifacts of its
 * sources and the readiness of its dependencies, so neither needs polling.
 */
final class KustomizationWatches {
  private static final String SOURCE_INDEX = "source";

  private KustomizationWatches() {}

  /** Reacts to a new source revision and to a dependency becoming ready, instead of polling. */
  static List<EventSource<?, Kustomization>> eventSources(EventSourceContext<Kustomization> ctx) {
    ctx.getPrimaryCache().addIndexer(SOURCE_INDEX, ks -> List.of(sourceKey(ks)));
    return List.of(
        sourceEvents(ctx, GitRepository.class, GitRepository.KIND),
        sourceEvents(ctx, Bucket.class, Bucket.KIND),
        sourceEvents(ctx, OCIRepository.class, OCIRepository.KIND),
        DependencyCheck.dependencyEvents(
            ctx,
            Kustomization.class,
            ks -> ks.getSpec().dependsOn(),
            KustomizationWatches::applied));
  }

  /**
   * Reconciles the Kustomizations that read a source of this kind when its artifact changes
   * (revision or URL), as kustomize-controller watches GitRepository, Bucket and OCIRepository.
   */
  private static <S extends CustomResource<?, ? extends SourceStatus>>
      EventSource<S, Kustomization> sourceEvents(
          EventSourceContext<Kustomization> ctx, Class<S> type, String kind) {
    return PrimaryIndex.watch(
        ctx, type, "sources-" + kind, SOURCE_INDEX, kind + "/", KustomizationWatches::artifactKey);
  }

  private static String sourceKey(Kustomization ks) {
    return ks.getSpec().sourceRef().kind()
        + "/"
        + SourceResolver.sourceNamespace(ks)
        + "/"
        + ks.getSpec().sourceRef().name();
  }

  /** What a Kustomization cares about in its source: the artifact's revision and where it is. */
  private static String artifactKey(CustomResource<?, ? extends SourceStatus> source) {
    Artifact artifact = source.getStatus() == null ? null : source.getStatus().artifact();
    return artifact == null ? null : artifact.revision() + " " + artifact.url();
  }

  private static String applied(Kustomization ks) {
    return ks.getStatus() == null ? null : ks.getStatus().lastAppliedRevision();
  }
}
