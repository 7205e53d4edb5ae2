package io.flotilla.source;

import java.util.Objects;

/**
 * A failure while fetching, packing, serving or unpacking a source. Carries the Flux condition
 * reason (for example {@code GitOperationFailed}) and whether retrying can help: a terminal error
 * (an invalid URL, say) should stall the object instead of requeueing it.
 *
 * <p>Messages never contain credentials; any cause is a redacted copy of the original.
 */
public final class SourceException extends Exception {
  private final String reason;
  private final boolean terminal;

  private SourceException(String reason, boolean terminal, String message, Throwable cause) {
    super(Redaction.message(message), cause == null ? null : Redaction.copy(cause));
    this.reason = Objects.requireNonNull(reason, "reason");
    this.terminal = terminal;
  }

  /** A failure that may go away on retry (network, server, storage). */
  public static SourceException retryable(String reason, String message, Throwable cause) {
    return new SourceException(reason, false, message, cause);
  }

  /** A failure that the same input will always produce; the object should stall. */
  public static SourceException terminal(String reason, String message) {
    return new SourceException(reason, true, message, null);
  }

  /** The Flux condition reason, e.g. {@code GitOperationFailed}, {@code ArtifactFailed}. */
  public String reason() {
    return reason;
  }

  /** True when retrying with the same input cannot succeed. */
  public boolean terminal() {
    return terminal;
  }
}
