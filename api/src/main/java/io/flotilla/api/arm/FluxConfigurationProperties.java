package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code properties} of a flux configuration, api-version 2025-04-01. {@code dependsOn} is a
 * Flotilla extension (Azure has no such property): the names of configurations on the same cluster
 * that must be Compliant on their current version before this one's Kustomizations start. Read-only
 * fields (statuses and below) are set by the service; {@code configurationProtectedSettings} is
 * write-only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FluxConfigurationProperties(
    String scope,
    String namespace,
    String sourceKind,
    Boolean suspend,
    GitRepositoryDefinition gitRepository,
    BucketDefinition bucket,
    AzureBlobDefinition azureBlob,
    OciRepositoryDefinition ociRepository,
    Map<String, KustomizationDefinition> kustomizations,
    Map<String, String> configurationProtectedSettings,
    List<ObjectStatusDefinition> statuses,
    String repositoryPublicKey,
    String sourceSyncedCommitId,
    String sourceUpdatedAt,
    String statusUpdatedAt,
    Boolean waitForReconciliation,
    String reconciliationWaitDuration,
    String complianceState,
    String provisioningState,
    String errorMessage,
    List<String> dependsOn) {

  /** Without {@code dependsOn} (Flotilla's extension property): the API's own fields. */
  public FluxConfigurationProperties(
      String scope,
      String namespace,
      String sourceKind,
      Boolean suspend,
      GitRepositoryDefinition gitRepository,
      BucketDefinition bucket,
      AzureBlobDefinition azureBlob,
      OciRepositoryDefinition ociRepository,
      Map<String, KustomizationDefinition> kustomizations,
      Map<String, String> configurationProtectedSettings,
      List<ObjectStatusDefinition> statuses,
      String repositoryPublicKey,
      String sourceSyncedCommitId,
      String sourceUpdatedAt,
      String statusUpdatedAt,
      Boolean waitForReconciliation,
      String reconciliationWaitDuration,
      String complianceState,
      String provisioningState,
      String errorMessage) {
    this(
        scope,
        namespace,
        sourceKind,
        suspend,
        gitRepository,
        bucket,
        azureBlob,
        ociRepository,
        kustomizations,
        configurationProtectedSettings,
        statuses,
        repositoryPublicKey,
        sourceSyncedCommitId,
        sourceUpdatedAt,
        statusUpdatedAt,
        waitForReconciliation,
        reconciliationWaitDuration,
        complianceState,
        provisioningState,
        errorMessage,
        null);
  }

  /** What a client sends to create a configuration: the declared fields, no status. */
  public static FluxConfigurationProperties declared(
      String scope,
      String namespace,
      String sourceKind,
      Boolean suspend,
      GitRepositoryDefinition gitRepository,
      BucketDefinition bucket,
      AzureBlobDefinition azureBlob,
      OciRepositoryDefinition ociRepository,
      Map<String, KustomizationDefinition> kustomizations,
      Map<String, String> configurationProtectedSettings) {
    return new FluxConfigurationProperties(
        scope,
        namespace,
        sourceKind,
        suspend,
        gitRepository,
        bucket,
        azureBlob,
        ociRepository,
        kustomizations,
        configurationProtectedSettings,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** The desired part only: what a user declares, without status and protected settings. */
  public FluxConfigurationProperties desiredOnly() {
    return new FluxConfigurationProperties(
        scope,
        namespace,
        sourceKind,
        suspend,
        gitRepository,
        bucket,
        azureBlob,
        ociRepository,
        kustomizations,
        null,
        null,
        null,
        null,
        null,
        null,
        waitForReconciliation,
        reconciliationWaitDuration,
        null,
        null,
        null,
        dependsOn);
  }

  public FluxConfigurationProperties withProtectedSettings(Map<String, String> settings) {
    return new FluxConfigurationProperties(
        scope,
        namespace,
        sourceKind,
        suspend,
        gitRepository,
        bucket,
        azureBlob,
        ociRepository,
        kustomizations,
        settings,
        statuses,
        repositoryPublicKey,
        sourceSyncedCommitId,
        sourceUpdatedAt,
        statusUpdatedAt,
        waitForReconciliation,
        reconciliationWaitDuration,
        complianceState,
        provisioningState,
        errorMessage,
        dependsOn);
  }

  /** Copies the read-only status fields from {@code s} onto these properties. */
  public FluxConfigurationProperties withStatusOf(FluxConfigurationProperties s) {
    return new FluxConfigurationProperties(
        scope,
        namespace,
        sourceKind,
        suspend,
        gitRepository,
        bucket,
        azureBlob,
        ociRepository,
        kustomizations,
        configurationProtectedSettings,
        s.statuses,
        s.repositoryPublicKey,
        s.sourceSyncedCommitId,
        s.sourceUpdatedAt,
        s.statusUpdatedAt,
        waitForReconciliation,
        reconciliationWaitDuration,
        s.complianceState,
        s.provisioningState,
        s.errorMessage,
        dependsOn);
  }
}
