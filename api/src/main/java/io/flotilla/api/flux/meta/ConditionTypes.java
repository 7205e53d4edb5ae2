package io.flotilla.api.flux.meta;

/** Condition types used by the Flux APIs. */
public final class ConditionTypes {
  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";
  public static final String HEALTHY = "Healthy";
  public static final String ARTIFACT_IN_STORAGE = "ArtifactInStorage";
  public static final String ARTIFACT_OUTDATED = "ArtifactOutdated";
  public static final String FETCH_FAILED = "FetchFailed";
  public static final String BUILD_FAILED = "BuildFailed";
  public static final String STORAGE_OPERATION_FAILED = "StorageOperationFailed";

  private ConditionTypes() {}
}
