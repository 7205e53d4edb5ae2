package io.flotilla.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps a watched object's event to the primaries that refer to it, through a primary-cache index.
 */
public final class PrimaryIndex {
  private PrimaryIndex() {}

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
