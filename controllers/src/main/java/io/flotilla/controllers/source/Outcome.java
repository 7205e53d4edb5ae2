package io.flotilla.controllers.source;

import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.source.SourceException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * What one run of a {@link SourceKind} found, before {@link SourceLoop} turns it into conditions,
 * events and the next run. A kind returns {@link Stored}, {@link Waiting} or {@link Failed}; the
 * loop also makes {@link Invalid} and {@link StorageFailed} from an {@link
 * IllegalArgumentException} or {@link IOException} the kind throws (a kind may return them too).
 *
 * @param <X> what the kind wants to record besides the artifact (see {@link Stored#extras})
 */
public sealed interface Outcome<X>
    permits Outcome.Stored,
        Outcome.Waiting,
        Outcome.Failed,
        Outcome.Invalid,
        Outcome.StorageFailed {

  /**
   * The artifact is current: built now, or found up to date. Ready=True with {@code message}; the
   * next run after the jittered interval.
   *
   * @param notice the Normal event to announce (a new artifact, a recovery), null for none
   * @param extras the kind's own findings for its status (included artifacts, say), may be null
   */
  record Stored<X>(Artifact artifact, String message, Notice notice, X extras)
      implements Outcome<X> {}

  /**
   * Nothing to do until something else is ready (a HelmChart's source has no artifact yet): Ready
   * =False and FetchFailed=True with {@code reason}, a Reconciling shown by this run turned to
   * ProgressingWithRetry, the previous artifact and observed generation kept, no Warning and no
   * failure counted; the next run after {@code retryAfter}.
   */
  record Waiting<X>(Duration retryAfter, String reason, String message) implements Outcome<X> {}

  /** A typed failure: its reason names the condition, {@code terminal()} stalls the object. */
  record Failed<X>(SourceException error) implements Outcome<X> {}

  /** The spec cannot work as written: Ready=False and Stalled with the policy's reason. */
  record Invalid<X>(String message) implements Outcome<X> {}

  /** Local storage (a working directory, the artifact store) failed: StorageOperationFailed. */
  record StorageFailed<X>(IOException error) implements Outcome<X> {}

  /** A Normal event, with Flux's revision/digest annotations where it has them. */
  record Notice(String reason, String message, Map<String, String> annotations) {}

  static <X> Outcome<X> stored(Artifact artifact, String message, Notice notice, X extras) {
    return new Stored<>(artifact, message, notice, extras);
  }

  static <X> Outcome<X> waiting(Duration retryAfter, String reason, String message) {
    return new Waiting<>(retryAfter, reason, message);
  }

  static <X> Outcome<X> failed(SourceException error) {
    return new Failed<>(error);
  }
}
