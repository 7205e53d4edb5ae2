package io.flotilla.controllers.runtime;

import java.time.Duration;

/**
 * What one reconcile ended on, the one outcome type of every reconciler: a step returns it (or
 * throws a {@link ReconcileException}, which {@link #of} turns into it) and the reconciler maps it
 * to conditions, events and the next run in one place, as source-controller's result finalizer
 * does. The four cases are Flux's: success, a wait for something else (no failure), a failure
 * retried, a failure that only a change of the object can fix.
 */
public sealed interface Outcome
    permits Outcome.Ready, Outcome.Waiting, Outcome.Retry, Outcome.Stalled {

  /**
   * Done: Ready=True with {@code message} (null when the run set its conditions on the way, as a
   * Helm release does); the next run after {@code next}.
   */
  record Ready(String message, Duration next) implements Outcome {}

  /**
   * Nothing failed, but something else is not there yet (a dependency, a source artifact, a request
   * to run again): Ready=False with {@code reason}, no Warning, no failure counted, the generation
   * not observed; again after {@code after}.
   */
  record Waiting(String reason, String message, Duration after) implements Outcome {}

  /**
   * A failure worth retrying: Ready=False with {@code reason} and a Warning; again after {@code
   * after}, or with the reconciler's backoff when it is null.
   */
  record Retry(String reason, String message, Duration after) implements Outcome {}

  /** A failure only a change of the object can fix: Ready=False and Stalled, no timed retry. */
  record Stalled(String reason, String message) implements Outcome {}

  /** A typed failure as an outcome: terminal ones stall, the others retry with backoff. */
  static Outcome of(ReconcileException e) {
    return e.terminal()
        ? new Stalled(e.reason(), e.getMessage())
        : new Retry(e.reason(), e.getMessage(), null);
  }

  /** {@link #of}, retried after {@code after} instead of the backoff. */
  static Outcome of(ReconcileException e, Duration after) {
    return e.terminal()
        ? new Stalled(e.reason(), e.getMessage())
        : new Retry(e.reason(), e.getMessage(), after);
  }

  /** The message for Ready (every case has one; a Ready's may be null). */
  String message();

  /** The condition reason of a failure or a wait, null for {@link Ready}. */
  default String reason() {
    return null;
  }

  /** When the next run comes as the outcome says; null for a stall or a backoff to compute. */
  default Duration next() {
    return switch (this) {
      case Ready r -> r.next();
      case Waiting w -> w.after();
      case Retry r -> r.after();
      case Stalled s -> null;
    };
  }
}
