package io.flotilla.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flotilla.api.flux.meta.Annotations;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Optional;

/**
 * The shell every Flux reconciler runs before its work, as Flux's controllers do: an object already
 * gone → forget it; being deleted → its finalization (only while it carries the finalizer {@code
 * finalizers.fluxcd.io}); no finalizer yet → add it and stop; suspended → nothing.
 */
public final class Lifecycle {
  /**
   * After adding the finalizer the watch event of that write starts the next run; going on here
   * would run the work twice (the final status write, checked against the version read before the
   * finalizer, would fail and run it again). The timer is only a safety net: a short one would fire
   * during that run and queue an identical second one.
   */
  static final Duration FINALIZER_SAFETY_NET = Duration.ofSeconds(30);

  private Lifecycle() {}

  /** What a reconciler does at each gate. */
  public interface Hooks<R extends HasMetadata> {
    /** The object is gone from the API: drop what is kept about it. */
    default void forget(R object) {}

    /** The object is being deleted and still carries the finalizer. */
    UpdateControl<R> finalize(R object, Context<R> ctx);

    boolean suspended(R object);
  }

  /** The control to return before any work, or empty when the reconcile goes on. */
  public static <R extends HasMetadata> Optional<UpdateControl<R>> gate(
      R object, Context<R> ctx, Hooks<R> hooks) {
    if (ctx.isPrimaryResourceDeleted()) {
      hooks.forget(object);
      return Optional.of(UpdateControl.noUpdate());
    }
    if (object.isMarkedForDeletion()) {
      return Optional.of(
          object.hasFinalizer(Annotations.FINALIZER)
              ? hooks.finalize(object, ctx)
              : UpdateControl.noUpdate());
    }
    if (!object.hasFinalizer(Annotations.FINALIZER)) {
      Finalizers.add(ctx.getClient(), object, Annotations.FINALIZER);
      return Optional.of(UpdateControl.<R>noUpdate().rescheduleAfter(FINALIZER_SAFETY_NET));
    }
    if (hooks.suspended(object)) {
      return Optional.of(UpdateControl.noUpdate());
    }
    return Optional.empty();
  }
}
