package io.flotilla.api.flux.kustomize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.flotilla.api.flux.meta.DependencyReference;
import io.flotilla.api.flux.meta.NamespacedObjectKindReference;
import java.util.List;
import java.util.Map;

/** {@code Kustomization.spec} (v1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record KustomizationSpec(
    NamespacedObjectKindReference sourceRef,
    String path,
    String interval,
    String retryInterval,
    String timeout,
    Boolean prune,
    String deletionPolicy,
    @JsonProperty("wait") Boolean waitForHealth,
    Boolean force,
    List<DependencyReference> dependsOn,
    List<NamespacedObjectKindReference> healthChecks,
    String targetNamespace,
    String namePrefix,
    String nameSuffix,
    String serviceAccountName,
    Boolean suspend,
    PostBuild postBuild) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PostBuild(
      Map<String, String> substitute, List<SubstituteReference> substituteFrom) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SubstituteReference(String kind, String name, Boolean optional) {}
}
