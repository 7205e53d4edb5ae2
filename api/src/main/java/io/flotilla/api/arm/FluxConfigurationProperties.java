package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.RecordBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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

  private static final FluxConfigurationProperties EMPTY =
      new FluxConfigurationProperties(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null);

  /**
   * Properties with only the fields {@code fields} sets, named where the canonical constructor is
   * positional: {@code FluxConfigurationProperties.of(b -> b.namespace = "ns")}.
   */
  public static FluxConfigurationProperties of(Consumer<Builder> fields) {
    return EMPTY.with(fields);
  }

  /** The desired part only: what a user declares, without status and protected settings. */
  public FluxConfigurationProperties desiredOnly() {
    return withStatusOf(EMPTY).withProtectedSettings(null);
  }

  public FluxConfigurationProperties withProtectedSettings(Map<String, String> settings) {
    return with(b -> b.configurationProtectedSettings = settings);
  }

  /** Copies the read-only status fields from {@code s} onto these properties. */
  public FluxConfigurationProperties withStatusOf(FluxConfigurationProperties s) {
    return with(
        b -> {
          b.statuses = s.statuses;
          b.repositoryPublicKey = s.repositoryPublicKey;
          b.sourceSyncedCommitId = s.sourceSyncedCommitId;
          b.sourceUpdatedAt = s.sourceUpdatedAt;
          b.statusUpdatedAt = s.statusUpdatedAt;
          b.complianceState = s.complianceState;
          b.provisioningState = s.provisioningState;
          b.errorMessage = s.errorMessage;
        });
  }

  /**
   * These properties with the fields {@code edit} sets on a {@link Builder} that starts as a copy.
   */
  public FluxConfigurationProperties with(Consumer<Builder> edit) {
    return RecordBuilder.edit(new Builder(this), edit);
  }

  /**
   * The fields of the properties to change, the one place that copies them all (the shape of JEP
   * 468's derived record creation, {@code properties with { suspend = true; }}).
   */
  public static final class Builder extends RecordBuilder<FluxConfigurationProperties> {
    public String scope;
    public String namespace;
    public String sourceKind;
    public Boolean suspend;
    public GitRepositoryDefinition gitRepository;
    public BucketDefinition bucket;
    public AzureBlobDefinition azureBlob;
    public OciRepositoryDefinition ociRepository;
    public Map<String, KustomizationDefinition> kustomizations;
    public Map<String, String> configurationProtectedSettings;
    public List<ObjectStatusDefinition> statuses;
    public String repositoryPublicKey;
    public String sourceSyncedCommitId;
    public String sourceUpdatedAt;
    public String statusUpdatedAt;
    public Boolean waitForReconciliation;
    public String reconciliationWaitDuration;
    public String complianceState;
    public String provisioningState;
    public String errorMessage;
    public List<String> dependsOn;

    private Builder(FluxConfigurationProperties p) {
      super(p);
    }
  }
}
