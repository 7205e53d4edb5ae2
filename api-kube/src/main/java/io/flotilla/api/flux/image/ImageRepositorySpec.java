package io.flotilla.api.flux.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.flotilla.api.flux.meta.LocalObjectReference;
import java.util.List;
import java.util.Map;

/** {@code ImageRepository.spec} (v1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageRepositorySpec(
    @Required String image,
    @Required @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$") String interval,
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m))+$") String timeout,
    LocalObjectReference secretRef,
    LocalObjectReference proxySecretRef,
    @Size(max = 253) String serviceAccountName,
    LocalObjectReference certSecretRef,
    Boolean suspend,
    @Size(max = 25) List<String> exclusionList,
    Provider provider,
    Boolean insecure,
    AccessFrom accessFrom) {

  /** Flux's default: cosign signature tags are never stored. */
  public static final List<String> DEFAULT_EXCLUSION_LIST = List.of("^.*\\.sig$");

  /** {@code spec.provider}: who issues the registry credentials. */
  public enum Provider {
    @com.fasterxml.jackson.annotation.JsonProperty("generic")
    GENERIC,
    @com.fasterxml.jackson.annotation.JsonProperty("aws")
    AWS,
    @com.fasterxml.jackson.annotation.JsonProperty("azure")
    AZURE,
    @com.fasterxml.jackson.annotation.JsonProperty("gcp")
    GCP
  }

  /**
   * {@code spec.accessFrom}: the namespaces whose ImagePolicies may refer to this repository, each
   * selected by its labels (an empty {@code matchLabels} selects every namespace).
   */
  public record AccessFrom(@Required List<NamespaceSelector> namespaceSelectors) {}

  /** One entry of {@code accessFrom.namespaceSelectors}. */
  public record NamespaceSelector(Map<String, String> matchLabels) {}

  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }

  public boolean isInsecure() {
    return Boolean.TRUE.equals(insecure);
  }

  /** {@code exclusionList}, or Flux's default when empty. */
  public List<String> exclusions() {
    return exclusionList == null || exclusionList.isEmpty()
        ? DEFAULT_EXCLUSION_LIST
        : exclusionList;
  }
}
