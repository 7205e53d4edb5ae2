package io.flotilla.apply;

/** kstatus statuses; {@link #toString()} gives kstatus' spelling (e.g. {@code InProgress}). */
public enum HealthStatus {
  CURRENT("Current"),
  IN_PROGRESS("InProgress"),
  FAILED("Failed"),
  TERMINATING("Terminating"),
  NOT_FOUND("NotFound"),
  UNKNOWN("Unknown");

  private final String text;

  HealthStatus(String text) {
    this.text = text;
  }

  @Override
  public String toString() {
    return text;
  }
}
