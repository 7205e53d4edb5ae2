package io.flotilla.controllers.image;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.ReconcileException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one run of an image reconciler found; {@link #record} is the one place it becomes conditions
 * and events, as Flux's result finalizer does for the image controllers: Ready=True with the
 * message, or Ready=False with the failure's reason and Reconciling=ProgressingWithRetry, or
 * Stalled for a spec that cannot work until it changes.
 */
sealed interface ImageOutcome {

  /** When the next run comes, null for none (a stalled object waits for a change). */
  Duration next();

  record Ready(String message, Duration next) implements ImageOutcome {}

  record Failed(ReconcileException error, Duration next) implements ImageOutcome {}

  /** A retry soon enough to see a fix, never later than the object's own interval. */
  static Duration retry(Duration interval) {
    Duration soon = Duration.ofSeconds(10);
    return interval != null && interval.compareTo(soon) < 0 ? interval : soon;
  }

  /**
   * The generation to record as observed: this one when the run settled (ready, or stalled on the
   * spec), else what was observed before, as Flux records it only then.
   */
  static Long observedGeneration(ImageOutcome outcome, long generation, Long before) {
    boolean settled =
        outcome instanceof Ready || (outcome instanceof Failed f && f.error().terminal());
    return settled ? Long.valueOf(generation) : before;
  }

  /** The status write of {@code patch}, and the next run when there is one. */
  static <R extends io.fabric8.kubernetes.client.CustomResource<?, ?>>
      io.javaoperatorsdk.operator.api.reconciler.UpdateControl<R> control(
          ImageOutcome outcome, R patch) {
    var control = io.javaoperatorsdk.operator.api.reconciler.UpdateControl.patchStatus(patch);
    return outcome.next() == null ? control : control.rescheduleAfter(outcome.next());
  }

  static ImageOutcome failed(ReconcileException e, Duration interval) {
    return new Failed(e, e.terminal() ? null : retry(interval));
  }

  /**
   * Sets the conditions of {@code outcome} and emits Flux's events: a Warning for a failure whose
   * message is new, a Normal when the object becomes ready or its ready message changes.
   */
  static void record(
      ImageOutcome outcome,
      Conditions conditions,
      List<Condition> before,
      HasMetadata object,
      EventRecorder events) {
    boolean wasReady = Conditions.isReady(before);
    String oldMessage =
        Conditions.find(before, ConditionTypes.READY).map(Condition::message).orElse(null);
    switch (outcome) {
      case Ready r -> {
        conditions
            .markTrue(ConditionTypes.READY, Reasons.SUCCEEDED, r.message())
            .delete(ConditionTypes.RECONCILING)
            .delete(ConditionTypes.STALLED);
        if (events != null && (!wasReady || !Objects.equals(oldMessage, r.message()))) {
          events.normal(object, Reasons.SUCCEEDED, r.message());
        }
      }
      case Failed f -> {
        ReconcileException e = f.error();
        conditions.markFalse(ConditionTypes.READY, e.reason(), e.getMessage());
        if (e.terminal()) {
          conditions
              .markTrue(ConditionTypes.STALLED, e.reason(), e.getMessage())
              .delete(ConditionTypes.RECONCILING);
        } else {
          conditions
              .markTrue(
                  ConditionTypes.RECONCILING,
                  Reasons.PROGRESSING_WITH_RETRY,
                  "reconciliation in progress")
              .delete(ConditionTypes.STALLED);
        }
        if (events != null && !Objects.equals(oldMessage, e.getMessage())) {
          events.warning(object, e.reason(), e.getMessage());
        }
      }
    }
  }
}
