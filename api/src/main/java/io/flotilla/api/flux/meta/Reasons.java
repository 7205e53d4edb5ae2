package io.flotilla.api.flux.meta;

/** Condition reasons used by the Flux APIs (fluxcd/pkg meta and the controllers' own). */
public final class Reasons {
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String PROGRESSING = "Progressing";
  public static final String PROGRESSING_WITH_RETRY = "ProgressingWithRetry";
  public static final String SUSPENDED = "Suspended";
  public static final String DEPENDENCY_NOT_READY = "DependencyNotReady";
  public static final String ARTIFACT_FAILED = "ArtifactFailed";
  public static final String BUILD_FAILED = "BuildFailed";
  public static final String PRUNE_FAILED = "PruneFailed";
  public static final String HEALTH_CHECK_FAILED = "HealthCheckFailed";
  public static final String HEALTH_CHECK_CANCELED = "HealthCheckCanceled";
  public static final String RECONCILIATION_SUCCEEDED = "ReconciliationSucceeded";
  public static final String RECONCILIATION_FAILED = "ReconciliationFailed";
  public static final String INVALID_CEL_EXPRESSION = "InvalidCELExpression";
  public static final String ACCESS_DENIED = "AccessDenied";
  // source-controller
  public static final String GIT_OPERATION_FAILED = "GitOperationFailed";
  public static final String GIT_OPERATION_SUCCEEDED = "GitOperationSucceeded";
  public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
  public static final String URL_INVALID = "URLInvalid";
  public static final String ARTIFACT_UP_TO_DATE = "ArtifactUpToDate";
  public static final String NEW_REVISION = "NewRevision";
  public static final String STORAGE_OPERATION_FAILED = "StorageOperationFailed";
  public static final String INDEXATION_FAILED = "IndexationFailed";
  // source-controller, HelmChart (internal/helm/chart/errors.go and the v1 API)
  public static final String CHART_PULL_SUCCEEDED = "ChartPullSucceeded";
  public static final String CHART_PACKAGE_SUCCEEDED = "ChartPackageSucceeded";
  public static final String INVALID_CHART_REFERENCE = "InvalidChartReference";
  public static final String CHART_PULL_ERROR = "ChartPullError";
  public static final String METADATA_PATCH_ERROR = "MetadataPatchError";
  public static final String VALUES_FILES_ERROR = "ValuesFilesError";
  public static final String DEPENDENCY_BUILD_ERROR = "DependencyBuildError";
  public static final String CHART_PACKAGE_ERROR = "ChartPackageError";
  public static final String NO_SOURCE_ARTIFACT = "NoSourceArtifact";
  public static final String SOURCE_UNAVAILABLE = "SourceUnavailable";

  private Reasons() {}
}
