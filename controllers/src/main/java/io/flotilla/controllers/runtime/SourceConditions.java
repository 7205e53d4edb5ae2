package io.flotilla.controllers.runtime;

import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;

/** The conditions every source kind (Git, Bucket, OCI) sets the same way, as source-controller. */
public final class SourceConditions {
  private SourceConditions() {}

  /** An artifact for the current revision is in storage: Ready and ArtifactInStorage, no errors. */
  public static Conditions artifactStored(Conditions conditions, String message) {
    return conditions
        .markTrue(ConditionTypes.READY, Reasons.SUCCEEDED, message)
        .markTrue(ConditionTypes.ARTIFACT_IN_STORAGE, Reasons.SUCCEEDED, message)
        .delete(ConditionTypes.RECONCILING)
        .delete(ConditionTypes.STALLED)
        .delete(ConditionTypes.FETCH_FAILED)
        .delete(ConditionTypes.ARTIFACT_OUTDATED)
        .delete(ConditionTypes.STORAGE_OPERATION_FAILED);
  }

  /** Ready=False, plus StorageOperationFailed or FetchFailed by the failure's reason. */
  public static Conditions failed(Conditions conditions, String reason, String message) {
    String type =
        Reasons.STORAGE_OPERATION_FAILED.equals(reason)
            ? ConditionTypes.STORAGE_OPERATION_FAILED
            : ConditionTypes.FETCH_FAILED;
    return conditions
        .markFalse(ConditionTypes.READY, reason, message)
        .markTrue(type, reason, message);
  }
}
