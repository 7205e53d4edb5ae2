package io.flotilla.helm;

/**
 * A failed Helm action. {@code kind} tells the reconciler which Flux reason to report; the message
 * is user-facing (names the object and, where there is one, the fix) and never holds secret values.
 */
public class ReleaseException extends Exception {
  /** What failed, so the reconciler can map it to Flux's reasons and remediation. */
  public enum Kind {
    /** chart could not be read or rendered (template error, schema, kubeVersion). */
    CHART,
    /** applying or deleting objects failed, or they did not become ready in time. */
    APPLY,
    /** a hook failed or timed out. */
    HOOK,
    /** a test hook failed. */
    TEST,
    /** release storage could not be read or written, or is in a state that forbids the action. */
    STORAGE
  }

  private final Kind kind;

  public ReleaseException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ReleaseException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** A wait cut short: the thread's interrupt flag is set again; the message is "interrupted". */
  static ReleaseException interrupted(Kind kind, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new ReleaseException(kind, "interrupted", e);
  }

  public Kind kind() {
    return kind;
  }
}
