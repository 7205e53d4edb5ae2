package io.flotilla.controllers.image;

import io.flotilla.api.flux.image.ImagePolicy;
import io.flotilla.api.flux.image.ImageRef;
import io.flotilla.api.flux.image.ImageUpdateAutomation;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.controllers.runtime.PrimaryIndex;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What an ImageUpdateAutomation watches besides itself: a new revision of its GitRepository and a
 * new latest image of any ImagePolicy in its namespace.
 */
final class AutomationWatches {
  private static final String SOURCE_INDEX = "imageupdateautomation-source";

  private AutomationWatches() {}

  static List<EventSource<?, ImageUpdateAutomation>> eventSources(
      EventSourceContext<ImageUpdateAutomation> ctx) {
    ctx.getPrimaryCache().addIndexer(SOURCE_INDEX, a -> List.of(sourceKey(a)));
    var sources =
        PrimaryIndex.watch(
            ctx,
            GitRepository.class,
            "imageupdateautomation-sources",
            SOURCE_INDEX,
            "",
            AutomationWatches::gitRevision);
    var policies =
        InformerEventSourceConfiguration.from(ImagePolicy.class, ImageUpdateAutomation.class)
            .withName("imageupdateautomation-policies")
            .withOnUpdateFilter((next, prev) -> !Objects.equals(latest(next), latest(prev)))
            .withSecondaryToPrimaryMapper(
                p ->
                    ctx.getPrimaryCache()
                        .list(p.getMetadata().getNamespace())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return List.of(sources, new InformerEventSource<>(policies, ctx));
  }

  private static String sourceKey(ImageUpdateAutomation a) {
    var ref = a.getSpec() == null ? null : a.getSpec().sourceRef();
    if (ref == null) {
      return "";
    }
    return (ref.namespace() == null ? a.getMetadata().getNamespace() : ref.namespace())
        + "/"
        + ref.name();
  }

  private static String gitRevision(GitRepository g) {
    return g.getStatus() == null || g.getStatus().artifact() == null
        ? null
        : g.getStatus().artifact().revision();
  }

  static ImageRef latest(ImagePolicy p) {
    return p.getStatus() == null ? null : p.getStatus().latestRef();
  }
}
