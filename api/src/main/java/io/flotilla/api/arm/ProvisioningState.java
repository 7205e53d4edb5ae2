package io.flotilla.api.arm;

/** Values of {@code provisioningState}. */
public final class ProvisioningState {
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String CANCELED = "Canceled";
  public static final String CREATING = "Creating";
  public static final String UPDATING = "Updating";
  public static final String DELETING = "Deleting";

  private ProvisioningState() {}
}
