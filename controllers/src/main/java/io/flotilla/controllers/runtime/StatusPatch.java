package io.flotilla.controllers.runtime;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a reconciler hands to {@code UpdateControl.patchStatus}. JOSDK 5 writes it with server-side
 * apply on the status subresource, so, as JOSDK asks for SSA, it is a fresh object holding only
 * name, namespace and the status: the cached copy's resourceVersion would make every write a
 * precondition that fails with 409 whenever anyone else (an agent, a progress report) wrote since
 * the informer saw the object.
 */
public final class StatusPatch {
  private StatusPatch() {}

  /** name, namespace and status of {@code object}, without a resourceVersion precondition. */
  public static <S, R extends CustomResource<?, S>> R of(R object, Supplier<R> blank) {
    R fresh = blank.get();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(object.getMetadata().getName())
            .withNamespace(object.getMetadata().getNamespace())
            .build());
    fresh.setStatus(object.getStatus());
    return fresh;
  }

  /**
   * Like {@link #of}, but the write only succeeds on the version the status was computed from: for
   * a status derived from the previous status (a Kustomization's inventory), where a write from a
   * stale copy must fail rather than lose what a newer write recorded.
   */
  public static <S, R extends CustomResource<?, S>> R ofVersion(R object, Supplier<R> blank) {
    R fresh = of(object, blank);
    fresh.getMetadata().setResourceVersion(object.getMetadata().getResourceVersion());
    return fresh;
  }

  /** The status write of {@code patch}, and the next run after {@code next} when there is one. */
  public static <R extends CustomResource<?, ?>> UpdateControl<R> write(R patch, Duration next) {
    UpdateControl<R> control = UpdateControl.patchStatus(patch);
    return next == null ? control : control.rescheduleAfter(next);
  }
}
