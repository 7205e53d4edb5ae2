package io.flotilla.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Maps a watched object's event to the primaries that refer to it, through a primary-cache index.
 */
public final class PrimaryIndex {
  private PrimaryIndex() {}

  /**
   * Watches {@code type} (the event source {@code name}) for the primaries whose entries in {@code
   * index} include {@code prefix + namespace/name} of the object; an update wakes them only when
   * {@code watched} of the object, what they read of it, changed.
   */
  public static <S extends HasMetadata, P extends HasMetadata> InformerEventSource<S, P> watch(
      EventSourceContext<P> ctx,
      Class<S> type,
      String name,
      String index,
      String prefix,
      Function<S, ?> watched) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, ctx.getPrimaryResourceClass())
            .withName(name)
            .withOnUpdateFilter(
                (next, prev) -> !Objects.equals(watched.apply(next), watched.apply(prev)))
            .withSecondaryToPrimaryMapper(s -> ids(ctx, index, prefix + key(s)))
            .build(),
        ctx);
  }

  /** The primaries whose entries in {@code index} include {@code key}. */
  public static <P extends HasMetadata> Set<ResourceID> ids(
      EventSourceContext<P> ctx, String index, String key) {
    return ctx.getPrimaryCache().byIndex(index, key).stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** {@code namespace/name}, the key of an object referred to by name. */
  public static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }
}
