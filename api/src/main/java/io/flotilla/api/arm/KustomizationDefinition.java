package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.flotilla.api.RecordBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
  /** An entry with only its name and path set; {@link #with} sets the rest. */
  public static KustomizationDefinition of(String name, String path) {
    return new KustomizationDefinition(
        name, path, null, null, null, null, null, null, null, null, null);
  }

  /** This entry with the fields {@code edit} sets on a {@link Builder} that starts as a copy. */
  public KustomizationDefinition with(Consumer<Builder> edit) {
    return RecordBuilder.edit(new Builder(this), edit);
  }

  /** The fields to change, the one place that copies them all. */
  public static final class Builder extends RecordBuilder<KustomizationDefinition> {
    public String name;
    public String path;
    public List<String> dependsOn;
    public Long timeoutInSeconds;
    public Long syncIntervalInSeconds;
    public Long retryIntervalInSeconds;
    public Boolean prune;
    public Boolean force;
    public Boolean waitForHealth;
    public PostBuildDefinition postBuild;
    public DecryptionDefinition decryption;

    private Builder(KustomizationDefinition s) {
      super(s);
    }
  }

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
