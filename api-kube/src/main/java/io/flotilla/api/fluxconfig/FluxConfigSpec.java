package io.flotilla.api.fluxconfig;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.arm.AzureBlobDefinition;
import io.flotilla.api.arm.BucketDefinition;
import io.flotilla.api.arm.GitRepositoryDefinition;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition;
import io.flotilla.api.flux.meta.LocalObjectReference;
import java.util.Map;

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
    java.util.List<String> dependsOn) {}
