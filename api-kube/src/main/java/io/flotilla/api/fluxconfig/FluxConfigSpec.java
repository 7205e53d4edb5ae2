package io.flotilla.api.fluxconfig;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.RecordBuilder;
import io.flotilla.api.arm.AzureBlobDefinition;
import io.flotilla.api.arm.BucketDefinition;
import io.flotilla.api.arm.GitRepositoryDefinition;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition;
import io.flotilla.api.flux.meta.LocalObjectReference;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The desired configuration, in the API's own terms. Protected settings never appear here: the
 * agent writes them into the Secret named by {@code protectedSettingsRef}. {@code resourceId} and
 * {@code version} tie the object to the service's record. {@code dependsOn} (a Flotilla extension)
 * names FluxConfigs of this cluster that must be Compliant before this one's Kustomizations start.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FluxConfigSpec(
    String resourceId,
    Long version,
    String scope,
    String sourceKind,
    Boolean suspend,
    GitRepositoryDefinition gitRepository,
    BucketDefinition bucket,
    AzureBlobDefinition azureBlob,
    OciRepositoryDefinition ociRepository,
    Map<String, KustomizationDefinition> kustomizations,
    LocalObjectReference protectedSettingsRef,
    java.util.List<String> dependsOn) {
  /**
   * A configuration of the service's record {@code resourceId} at {@code version}, not suspended,
   * with its kustomizations and no source yet; {@link #with} sets the source and the rest.
   */
  public static FluxConfigSpec of(
      String resourceId,
      Long version,
      String scope,
      Map<String, KustomizationDefinition> kustomizations) {
    return new FluxConfigSpec(
        resourceId,
        version,
        scope,
        null,
        false,
        null,
        null,
        null,
        null,
        kustomizations,
        null,
        null);
  }

  /** This spec with the fields {@code edit} sets on a {@link Builder} that starts as a copy. */
  public FluxConfigSpec with(Consumer<Builder> edit) {
    return RecordBuilder.edit(new Builder(this), edit);
  }

  /** The fields to change, the one place that copies them all. */
  public static final class Builder extends RecordBuilder<FluxConfigSpec> {
    public String resourceId;
    public Long version;
    public String scope;
    public String sourceKind;
    public Boolean suspend;
    public GitRepositoryDefinition gitRepository;
    public BucketDefinition bucket;
    public AzureBlobDefinition azureBlob;
    public OciRepositoryDefinition ociRepository;
    public Map<String, KustomizationDefinition> kustomizations;
    public LocalObjectReference protectedSettingsRef;
    public java.util.List<String> dependsOn;

    private Builder(FluxConfigSpec s) {
      super(s);
    }
  }
}
