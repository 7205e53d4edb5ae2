package io.flotilla.api.arm;

/** Values of {@code complianceState} (FluxComplianceState). */
public final class ComplianceState {
  public static final String COMPLIANT = "Compliant";
  public static final String NON_COMPLIANT = "Non-Compliant";
  public static final String PENDING = "Pending";
  public static final String SUSPENDED = "Suspended";
  public static final String UNKNOWN = "Unknown";

  private ComplianceState() {}
}
