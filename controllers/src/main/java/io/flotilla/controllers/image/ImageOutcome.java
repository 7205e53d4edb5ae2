package io.flotilla.controllers.image;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.flotilla.api.flux.FluxStatus;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.ReconcileException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the image reconcilers turn the {@link Outcome} of a run into status; {@link #record} is the
 * one place it becomes conditions and events, as Flux's result finalizer does for the image
 * controllers: Ready=True with the message, or Ready=False with the failure's reason and
 * Reconciling=ProgressingWithRetry, or Stalled for a spec that cannot work until it changes.
 */
final class ImageOutcome {
  private ImageOutcome() {}

  /** A retry soon enough to see a fix, never later than the object's own interval. */
  static Duration retry(Duration interval) {
    Duration soon = Duration.ofSeconds(10);
    return interval != null && interval.compareTo(soon) < 0 ? interval : soon;
  }

  /**
   * A run over {@code object} starts from the conditions and observed generation of its last
   * status.
   */
  static Status start(CustomResource<?, ? extends FluxStatus> object, Clock clock) {
    FluxStatus old = object.getStatus();
    List<Condition> before = old == null ? null : old.conditions();
    long generation = Conditions.generation(object);
    return new Status(
        object,
        before,
        old == null ? null : old.observedGeneration(),
        generation,
        new Conditions(before, generation, clock));
  }

  /** One run over an image object: the conditions it changes, from those of its last status. */
  record Status(
      HasMetadata object,
      List<Condition> before,
      Long observedBefore,
      long generation,
      Conditions conditions) {
    /**
     * {@link ImageOutcome#record}s {@code outcome}; returns the generation to write as observed:
     * this one when the run settled (ready, or stalled on the spec), else what was observed before,
     * as Flux records it only then.
     */
    Long finish(Outcome outcome, EventRecorder events) {
      record(outcome, conditions, before, object, events);
      boolean settled = outcome instanceof Outcome.Ready || outcome instanceof Outcome.Stalled;
      return settled ? Long.valueOf(generation) : observedBefore;
    }
  }

  /** A failure: a terminal one stalls, any other is retried soon ({@link #retry}). */
  static Outcome failed(ReconcileException e, Duration interval) {
    return Outcome.of(e, retry(interval));
  }

  /**
   * Sets the conditions of {@code outcome} and emits Flux's events: a Warning for a failure whose
   * message is new, a Normal when the object becomes ready or its ready message changes.
   */
  private static void record(
      Outcome outcome,
      Conditions conditions,
      List<Condition> before,
      HasMetadata object,
      EventRecorder events) {
    boolean wasReady = Conditions.isReady(before);
    String oldMessage =
        Conditions.find(before, ConditionTypes.READY).map(Condition::message).orElse(null);
    if (outcome instanceof Outcome.Ready r) {
      conditions
          .markTrue(ConditionTypes.READY, Reasons.SUCCEEDED, r.message())
          .delete(ConditionTypes.RECONCILING)
          .delete(ConditionTypes.STALLED);
      if (events != null && (!wasReady || !Objects.equals(oldMessage, r.message()))) {
        events.normal(object, Reasons.SUCCEEDED, r.message());
      }
      return;
    }
    conditions.markFalse(ConditionTypes.READY, outcome.reason(), outcome.message());
    if (outcome instanceof Outcome.Stalled) {
      conditions
          .markTrue(ConditionTypes.STALLED, outcome.reason(), outcome.message())
          .delete(ConditionTypes.RECONCILING);
    } else {
      conditions
          .markTrue(
              ConditionTypes.RECONCILING,
              Reasons.PROGRESSING_WITH_RETRY,
              "reconciliation in progress")
          .delete(ConditionTypes.STALLED);
    }
    if (events != null && !Objects.equals(oldMessage, outcome.message())) {
      events.warning(object, outcome.reason(), outcome.message());
    }
  }
}
