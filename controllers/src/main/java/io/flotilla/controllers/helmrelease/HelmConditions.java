package io.flotilla.controllers.helmrelease;

/** helm-controller's own condition types and reasons (api/v2 condition_types.go). */
final class HelmConditions {
  static final String RELEASED = "Released";
  static final String TEST_SUCCESS = "TestSuccess";
  static final String REMEDIATED = "Remediated";

  static final String INSTALL_SUCCEEDED = "InstallSucceeded";
  static final String INSTALL_FAILED = "InstallFailed";
  static final String UPGRADE_SUCCEEDED = "UpgradeSucceeded";
  static final String UPGRADE_FAILED = "UpgradeFailed";
  static final String TEST_SUCCEEDED = "TestSucceeded";
  static final String TEST_FAILED = "TestFailed";
  static final String ROLLBACK_SUCCEEDED = "RollbackSucceeded";
  static final String ROLLBACK_FAILED = "RollbackFailed";
  static final String UNINSTALL_SUCCEEDED = "UninstallSucceeded";
  static final String UNINSTALL_FAILED = "UninstallFailed";
  static final String ARTIFACT_FAILED = "ArtifactFailed";
  static final String INIT_FAILED = "InitFailed";
  static final String GET_LAST_RELEASE_FAILED = "GetLastReleaseFailed";
  static final String DEPENDENCY_NOT_READY = "DependencyNotReady";
  static final String PENDING_RELEASE = "PendingRelease";
  static final String AWAITING_TESTS = "AwaitingTests";
  static final String SOURCE_NOT_READY = "SourceNotReady";
  static final String VALUES_ERROR = "ValuesError";
  static final String REST_CLIENT_ERROR = "RESTClientError";
  static final String STATE_ERROR = "StateError";
  static final String RECONCILE_ERROR = "ReconcileError";
  static final String RETRIES_EXCEEDED = "RetriesExceeded";
  static final String MISSING_ROLLBACK_TARGET = "MissingRollbackTarget";
  static final String DRIFT_DETECTED = "DriftDetected";
  static final String DRIFT_CORRECTED = "DriftCorrected";
  static final String DRIFT_CORRECTION_FAILED = "DriftCorrectionFailed";
  static final String CHART_MUTATE_ERROR = "ChartMutateError";

  /** Values of {@code status.lastAttemptedReleaseAction}. */
  static final String ACTION_INSTALL = "install";

  static final String ACTION_UPGRADE = "upgrade";

  private HelmConditions() {}
}
