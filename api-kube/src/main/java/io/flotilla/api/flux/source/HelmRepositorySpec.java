package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.flotilla.api.flux.meta.LocalObjectReference;

/**
 * {@code HelmRepository.spec}. With {@code type: oci} the object is data only: HelmCharts read its
 * url, secret and {@code insecure}; nothing reconciles it (as in Flux).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HelmRepositorySpec(
    @Required @Pattern("^(http|https|oci)://.*$") String url,
    LocalObjectReference secretRef,
    LocalObjectReference certSecretRef,
    Boolean passCredentials,
    Boolean insecure,
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$") String interval,
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m))+$") String timeout,
    @PreserveUnknownFields JsonNode accessFrom,
    Boolean suspend,
    @Default("\"generic\"") Provider provider,
    Type type)
    implements SourceSpec {

  /** Flux's default when {@code interval} is unset. */
  public static final String DEFAULT_INTERVAL = "1m";

  /** Flux's default when {@code timeout} is unset. */
  public static final String DEFAULT_TIMEOUT = "60s";

  /** {@code spec.type}. */
  public enum Type {
    @JsonProperty("default")
    DEFAULT,
    @JsonProperty("oci")
    OCI
  }

  /** {@code spec.provider}: only meaningful for {@code type: oci}. */
  public enum Provider {
    @JsonProperty("generic")
    GENERIC,
    @JsonProperty("aws")
    AWS,
    @JsonProperty("azure")
    AZURE,
    @JsonProperty("gcp")
    GCP
  }

  /** True for {@code type: oci}. */
  public boolean isOci() {
    return type == Type.OCI;
  }
}
