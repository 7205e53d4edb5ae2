package io.flotilla.controllers.source;

import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.Jitter;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.source.SourceException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place a source kind's run becomes conditions, events, the failure count and the next run:
 * its {@link Outcome} ({@link #decide}), or one of the two failures the loop makes of a Java
 * exception, a spec that cannot work ({@link #invalidSpec}) and local storage ({@link
 * #storageFailed}). Pure: {@link SourceLoop} performs what it decides.
 */
final class OutcomeMapping {
  private OutcomeMapping() {}

  /** How the kind marks its conditions (its {@link SourceKind#markStored}/{@code markFailed}). */
  interface Marks<X> {
    void stored(Conditions conditions, String message, X extras);

    void failed(Conditions conditions, String reason, String message);
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

  /** A typed fetch failure as an outcome: terminal ones stall, the others retry with backoff. */
  static Outcome of(SourceException e) {
    return e.terminal()
        ? new Outcome.Stalled(e.reason(), e.getMessage())
        : new Outcome.Retry(e.reason(), e.getMessage(), null);
  }

  /**
   * The kind's outcome; {@code stored} is what it handed over with a {@link Outcome.Ready} (see
   * {@link Step#stored}).
   */
  static <X> Decision decide(
      FailurePolicy policy,
      Marks<X> marks,
      Before before,
      Outcome outcome,
      Stored<X> stored,
      Clock clock) {
    SourceKind.Common prior = before.prior();
    long generation = before.generation();
    Conditions conditions = new Conditions(prior.conditions(), generation, clock);
    return switch (outcome) {
      case Outcome.Ready ready -> {
        Objects.requireNonNull(stored, "a source kind's Ready comes from Step.stored");
        marks.stored(conditions, ready.message(), stored.extras());
        Stored.Notice n = stored.notice();
        yield new Decision(
            conditions.toList(),
            generation,
            stored.artifact(),
            ready.next() == null ? Jitter.apply(before.interval()) : ready.next(),
            0,
            n == null
                ? List.of()
                : List.of(new Event(false, n.reason(), n.message(), n.annotations())));
      }
      case Outcome.Waiting waiting -> {
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
            waiting.after(),
            before.failures(),
            List.of());
      }
      case Outcome.Retry retry -> failure(policy, marks, before, conditions, retry);
      case Outcome.Stalled stalled -> failure(policy, marks, before, conditions, stalled);
    };
  }

  /** The spec cannot work as written: Ready=False and Stalled with the policy's reason. */
  static Decision invalidSpec(FailurePolicy policy, Before before, String message, Clock clock) {
    SourceKind.Common prior = before.prior();
    String reason = policy.invalidSpecReason();
    Conditions conditions = new Conditions(prior.conditions(), before.generation(), clock);
    conditions
        .markFalse(ConditionTypes.READY, reason, message)
        .markTrue(ConditionTypes.STALLED, reason, message)
        .delete(ConditionTypes.RECONCILING);
    return new Decision(
        conditions.toList(),
        before.generation(),
        prior.artifact(),
        before.interval(),
        before.failures(),
        List.of(new Event(true, reason, message, null)));
  }

  /**
   * Local storage (a working directory, the artifact store) failed: StorageOperationFailed, as any
   * retryable failure or, where the policy says so, quietly in its two conditions.
   */
  static <X> Decision storageFailed(
      FailurePolicy policy, Marks<X> marks, Before before, IOException error, Clock clock) {
    SourceKind.Common prior = before.prior();
    Conditions conditions = new Conditions(prior.conditions(), before.generation(), clock);
    String message = "failed to create temporary working directory: " + error.getMessage();
    if (policy.storageFailureIsError()) {
      // through a SourceException, whose message is redacted as every fetch failure's
      return failure(
          policy,
          marks,
          before,
          conditions,
          of(SourceException.retryable(Reasons.STORAGE_OPERATION_FAILED, message, error)));
    }
    conditions
        .markFalse(ConditionTypes.READY, Reasons.STORAGE_OPERATION_FAILED, error.getMessage())
        .markTrue(
            ConditionTypes.STORAGE_OPERATION_FAILED, Reasons.STORAGE_OPERATION_FAILED, message);
    int failures = before.failures() + 1;
    return new Decision(
        conditions.toList(),
        retryObserved(policy, before),
        prior.artifact(),
        Jitter.backoff(failures, before.interval()),
        failures,
        List.of());
  }

  /** A {@link Outcome.Retry} or {@link Outcome.Stalled}. */
  private static <X> Decision failure(
      FailurePolicy policy, Marks<X> marks, Before before, Conditions conditions, Outcome failed) {
    String reason = failed.reason();
    String message = failed.message();
    marks.failed(conditions, reason, message);
    Long observed;
    Duration requeue;
    int failures = before.failures();
    if (!(failed instanceof Outcome.Retry retry)) {
      conditions
          .markTrue(ConditionTypes.STALLED, reason, message)
          .delete(ConditionTypes.RECONCILING);
      observed = before.generation();
      if (policy.terminalBacksOff()) {
        requeue = Jitter.backoff(++failures, before.interval());
      } else {
        requeue = policy.waitForChange().contains(reason) ? null : before.interval();
      }
    } else {
      if (policy.retryShowsReconciling()) {
        conditions.markTrue(ConditionTypes.RECONCILING, Reasons.PROGRESSING_WITH_RETRY, message);
      } else {
        conditions.delete(ConditionTypes.RECONCILING);
      }
      if (policy.retryClearsStalled()) {
        conditions.delete(ConditionTypes.STALLED);
      }
      observed = retryObserved(policy, before);
      failures++;
      requeue = retry.after() == null ? Jitter.backoff(failures, before.interval()) : retry.after();
    }
    return new Decision(
        conditions.toList(),
        observed,
        before.prior().artifact(),
        requeue,
        failures,
        List.of(new Event(true, reason, message, null)));
  }

  /** The observed generation after a retryable failure (null when never observed). */
  private static Long retryObserved(FailurePolicy policy, Before before) {
    return policy.retryObservesGeneration()
        ? Long.valueOf(before.generation())
        : before.prior().observedGeneration();
  }
}
