package io.flotilla.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flotilla.api.flux.meta.Annotations;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * When an update of a Flux object starts a reconcile, as in Flux: a new generation, a new {@code
 * reconcile.fluxcd.io/requestedAt} token, or the start of a deletion. Status writes do not.
 */
public final class Triggers {
  private Triggers() {}

  public static <R extends HasMetadata> OnUpdateFilter<R> specOrRequest() {
    return (next, prev) ->
        !Objects.equals(next.getMetadata().getGeneration(), prev.getMetadata().getGeneration())
            || !Objects.equals(requestedAt(next), requestedAt(prev))
            || (next.getMetadata().getDeletionTimestamp() != null
                && prev.getMetadata().getDeletionTimestamp() == null)
            || !Objects.equals(
                next.getMetadata().getFinalizers(), prev.getMetadata().getFinalizers());
  }

  public static String requestedAt(HasMetadata object) {
    Map<String, String> a = object.getMetadata().getAnnotations();
    return a == null ? null : a.get(Annotations.RECONCILE_REQUESTED_AT);
  }
}
