package io.flotilla.controllers.source;

import io.flotilla.api.RecordBuilder;
import io.flotilla.api.flux.meta.Reasons;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How failures show in status and when the next run comes. {@link #flux()} is source-controller's
 * behaviour (GitRepository follows it, new kinds should); Bucket and OCIRepository were written
 * with small differences that they keep through the withers until they are aligned on purpose.
 *
 * @param retryShowsReconciling a retryable failure marks Reconciling=True/ProgressingWithRetry
 *     (else removes Reconciling)
 * @param retryClearsStalled a retryable failure removes a Stalled left by an earlier run
 * @param retryObservesGeneration a retryable failure records the generation as observed (Flux
 *     records it only on success or stall)
 * @param terminalBacksOff a terminal failure retries with backoff (else after the interval)
 * @param waitForChange terminal reasons that wait for a spec change instead of a timed retry (an
 *     invalid URL only changes with the spec; a secret can change without one)
 * @param invalidSpecReason the reason of a spec that cannot work (an {@link
 *     IllegalArgumentException} of the kind: Ready=False and Stalled)
 * @param storageFailureIsError a failure of local storage (an {@link java.io.IOException} of the
 *     kind) is reported like any retryable failure (Warning event, Reconciling); else only its two
 *     conditions change
 */
public record FailurePolicy(
    boolean retryShowsReconciling,
    boolean retryClearsStalled,
    boolean retryObservesGeneration,
    boolean terminalBacksOff,
    Set<String> waitForChange,
    String invalidSpecReason,
    boolean storageFailureIsError) {

  public FailurePolicy {
    waitForChange = Set.copyOf(waitForChange);
  }

  public static FailurePolicy flux() {
    return new FailurePolicy(
        true, true, false, false, Set.of(Reasons.URL_INVALID), Reasons.FAILED, true);
  }

  public FailurePolicy withRetryShowsReconciling(boolean v) {
    return with(p -> p.retryShowsReconciling = v);
  }

  public FailurePolicy withRetryClearsStalled(boolean v) {
    return with(p -> p.retryClearsStalled = v);
  }

  public FailurePolicy withRetryObservesGeneration(boolean v) {
    return with(p -> p.retryObservesGeneration = v);
  }

  public FailurePolicy withTerminalBacksOff(boolean v) {
    return with(p -> p.terminalBacksOff = v);
  }

  public FailurePolicy withWaitForChange(Set<String> v) {
    return with(p -> p.waitForChange = v);
  }

  public FailurePolicy withInvalidSpecReason(String v) {
    return with(p -> p.invalidSpecReason = v);
  }

  public FailurePolicy withStorageFailureIsError(boolean v) {
    return with(p -> p.storageFailureIsError = v);
  }

  /** A copy with {@code change} applied: each wither names only the field it sets. */
  private FailurePolicy with(Consumer<Copy> change) {
    return RecordBuilder.edit(new Copy(this), change);
  }

  /** The fields of a copy while it is being changed. */
  private static final class Copy extends RecordBuilder<FailurePolicy> {
    private boolean retryShowsReconciling;
    private boolean retryClearsStalled;
    private boolean retryObservesGeneration;
    private boolean terminalBacksOff;
    private Set<String> waitForChange;
    private String invalidSpecReason;
    private boolean storageFailureIsError;

    private Copy(FailurePolicy p) {
      super(p);
    }
  }
}
