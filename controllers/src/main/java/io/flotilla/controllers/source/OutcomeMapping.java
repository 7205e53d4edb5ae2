package io.flotilla.controllers.source;

import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.Jitter;
import io.flotilla.source.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one place an {@link Outcome} becomes conditions, events, the failure count and the next run.
 * Pure: {@link SourceLoop} performs what it decides.
 */
final class OutcomeMapping {
  private OutcomeMapping() {}

  /** How the kind marks its conditions (its {@link SourceKind#markStored}/{@code markFailed}). */
  interface Marks<X> {
    void stored(Conditions conditions, Outcome.Stored<X> stored);

    void failed(Conditions conditions, SourceException e);
  }

  /** The state a run ends on: the prior status (as the kind left it), the generation, counts. */
  record Before(SourceKind.Common prior, long generation, Duration interval, int failures) {}

  /** An event to record; {@code warning} false is a Normal one. */
  record Event(boolean warning, String reason, String message, Map<String, String> annotations) {}

  /**
   * What to write and when to run again.
   *
   * @param requeue null when the object waits for a change of its own
   */
  record Decision(
      List<Condition> conditions,
      Long observedGeneration,
      Artifact artifact,
      Duration requeue,
      int failures,
      List<Event> events) {}

  static <X> Decision decide(
      FailurePolicy policy, Marks<X> marks, Before before, Outcome<X> outcome, Clock clock) {
    SourceKind.Common prior = before.prior();
    long generation = before.generation();
    Conditions conditions = new Conditions(prior.conditions(), generation, clock);
    return switch (outcome) {
      case Outcome.Stored<X> stored -> {
        marks.stored(conditions, stored);
        Outcome.Notice n = stored.notice();
        yield new Decision(
            conditions.toList(),
            generation,
            stored.artifact(),
            Jitter.apply(before.interval()),
            0,
            n == null
                ? List.of()
                : List.of(new Event(false, n.reason(), n.message(), n.annotations())));
      }
      case Outcome.Waiting<X> waiting -> {
        // as source-controller's HelmChart without a source artifact: FetchFailed with the reason
        // (Ready=False summarises it), a Reconciling already shown turns to ProgressingWithRetry
        conditions
            .markFalse(ConditionTypes.READY, waiting.reason(), waiting.message())
            .markTrue(ConditionTypes.FETCH_FAILED, waiting.reason(), waiting.message())
            .delete(ConditionTypes.STALLED);
        conditions
            .get(ConditionTypes.RECONCILING)
            .ifPresent(
                r ->
                    conditions.markTrue(
                        ConditionTypes.RECONCILING, Reasons.PROGRESSING_WITH_RETRY, r.message()));
        yield new Decision(
            conditions.toList(),
            prior.observedGeneration(),
            prior.artifact(),
            waiting.retryAfter(),
            before.failures(),
            List.of());
      }
      case Outcome.Failed<X> failed -> failure(policy, marks, before, conditions, failed.error());
      case Outcome.Invalid<X> invalid -> {
        String reason = policy.invalidSpecReason();
        conditions
            .markFalse(ConditionTypes.READY, reason, invalid.message())
            .markTrue(ConditionTypes.STALLED, reason, invalid.message())
            .delete(ConditionTypes.RECONCILING);
        yield new Decision(
            conditions.toList(),
            generation,
            prior.artifact(),
            before.interval(),
            before.failures(),
            List.of(new Event(true, reason, invalid.message(), null)));
      }
      case Outcome.StorageFailed<X> storage -> {
        String message =
            "failed to create temporary working directory: " + storage.error().getMessage();
        if (policy.storageFailureIsError()) {
          yield failure(
              policy,
              marks,
              before,
              conditions,
              SourceException.retryable(
                  Reasons.STORAGE_OPERATION_FAILED, message, storage.error()));
        }
        conditions
            .markFalse(
                ConditionTypes.READY,
                Reasons.STORAGE_OPERATION_FAILED,
                storage.error().getMessage())
            .markTrue(
                ConditionTypes.STORAGE_OPERATION_FAILED, Reasons.STORAGE_OPERATION_FAILED, message);
        int failures = before.failures() + 1;
        yield new Decision(
            conditions.toList(),
            retryObserved(policy, before),
            prior.artifact(),
            Jitter.backoff(failures, before.interval()),
            failures,
            List.of());
      }
    };
  }

  private static <X> Decision failure(
      FailurePolicy policy,
      Marks<X> marks,
      Before before,
      Conditions conditions,
      SourceException e) {
    marks.failed(conditions, e);
    Long observed;
    Duration requeue;
    int failures = before.failures();
    if (e.terminal()) {
      conditions
          .markTrue(ConditionTypes.STALLED, e.reason(), e.getMessage())
          .delete(ConditionTypes.RECONCILING);
      observed = before.generation();
      if (policy.terminalBacksOff()) {
        requeue = Jitter.backoff(++failures, before.interval());
      } else {
        requeue = policy.waitForChange().contains(e.reason()) ? null : before.interval();
      }
    } else {
      if (policy.retryShowsReconciling()) {
        conditions.markTrue(
            ConditionTypes.RECONCILING, Reasons.PROGRESSING_WITH_RETRY, e.getMessage());
      } else {
        conditions.delete(ConditionTypes.RECONCILING);
      }
      if (policy.retryClearsStalled()) {
        conditions.delete(ConditionTypes.STALLED);
      }
      observed = retryObserved(policy, before);
      requeue = Jitter.backoff(++failures, before.interval());
    }
    return new Decision(
        conditions.toList(),
        observed,
        before.prior().artifact(),
        requeue,
        failures,
        List.of(new Event(true, e.reason(), e.getMessage(), null)));
  }

  /** The observed generation after a retryable failure (null when never observed). */
  private static Long retryObserved(FailurePolicy policy, Before before) {
    return policy.retryObservesGeneration()
        ? Long.valueOf(before.generation())
        : before.prior().observedGeneration();
  }
}
