package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.BucketStatus;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositoryStatus;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.flux.source.OCIRepositoryStatus;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.DependencyCheck;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a Kustomization watches besides itself, as kustomize-controller: the artifacts of its
 * sources and the readiness of its dependencies, so neither needs polling.
 */
final class KustomizationWatches {
  private static final String SOURCE_INDEX = "source";
  private static final String DEPENDS_INDEX = "dependsOn";

  private KustomizationWatches() {}

  /** Reacts to a new source revision and to a dependency becoming ready, instead of polling. */
  static List<EventSource<?, Kustomization>> eventSources(EventSourceContext<Kustomization> ctx) {
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
}
