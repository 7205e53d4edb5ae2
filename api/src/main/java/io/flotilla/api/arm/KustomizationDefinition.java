package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** One entry of {@code properties.kustomizations}; {@code name} is the map key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record KustomizationDefinition(
    String name,
    String path,
    List<String> dependsOn,
    Long timeoutInSeconds,
    Long syncIntervalInSeconds,
    Long retryIntervalInSeconds,
    Boolean prune,
    Boolean force,
    @JsonProperty("wait") Boolean waitForHealth,
    PostBuildDefinition postBuild,
    DecryptionDefinition decryption) {

  /**
   * A Flotilla extension of Azure's API: SOPS decryption with the keys of a Secret the user puts in
   * the configuration's namespace on the cluster ({@code provider} is {@code sops}); it becomes the
   * Kustomization's {@code spec.decryption}. The keys never pass through the service.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DecryptionDefinition(String provider, SecretReference secretRef) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SecretReference(String name) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PostBuildDefinition(
      Map<String, String> substitute, List<SubstituteFromDefinition> substituteFrom) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SubstituteFromDefinition(String kind, String name, Boolean optional) {}
}
