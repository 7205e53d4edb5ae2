package io.flotilla.controllers.runtime;

/**
 * A reconcile failure, typed by how it is reported: {@code reason} goes to Ready=False, {@code
 * terminal} means Stalled (no retry until the object changes).
 */
public class ReconcileException extends Exception {
  private final String reason;
  private final boolean terminal;

  public ReconcileException(String reason, String message, boolean terminal) {
    super(message);
    this.reason = reason;
    this.terminal = terminal;
  }

  public ReconcileException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.terminal = false;
  }

  public String reason() {
    return reason;
  }

  public boolean terminal() {
    return terminal;
  }
}
