package io.flotilla.helm;

/** Helm's release statuses, spelled as Helm stores them in the {@code status} label and JSON. */
public enum ReleaseStatus {
  UNKNOWN("unknown"),
  DEPLOYED("deployed"),
  UNINSTALLED("uninstalled"),
  SUPERSEDED("superseded"),
  FAILED("failed"),
  UNINSTALLING("uninstalling"),
  PENDING_INSTALL("pending-install"),
  PENDING_UPGRADE("pending-upgrade"),
  PENDING_ROLLBACK("pending-rollback");

  private final String helm;

  ReleaseStatus(String helm) {
    this.helm = helm;
  }

  /** The status as Helm writes it. */
  public String helm() {
    return helm;
  }

  public boolean pending() {
    return this == PENDING_INSTALL || this == PENDING_UPGRADE || this == PENDING_ROLLBACK;
  }

  public static ReleaseStatus of(String helm) {
    for (ReleaseStatus s : values()) {
      if (s.helm.equals(helm)) {
        return s;
      }
    }
    return UNKNOWN;
  }
}
