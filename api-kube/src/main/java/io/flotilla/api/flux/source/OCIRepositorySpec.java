package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.meta.LocalObjectReference;

/** {@code OCIRepository.spec}; {@code url} starts with {@code oci://}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OCIRepositorySpec(
    String url,
    OCIRepositoryRef ref,
    OCILayerSelector layerSelector,
    String provider,
    LocalObjectReference secretRef,
    String serviceAccountName,
    LocalObjectReference certSecretRef,
    LocalObjectReference proxySecretRef,
    Boolean insecure,
    String interval,
    String timeout,
    String ignore,
    Boolean suspend)
    implements SourceSpec {

  /** Flux's default when {@code timeout} is unset. */
  public static final String DEFAULT_TIMEOUT = "60s";
}
