package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One entry of {@code properties.statuses}: a Flux object and its compliance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObjectStatusDefinition(
    String name,
    String namespace,
    String kind,
    String complianceState,
    ObjectReferenceDefinition appliedBy,
    List<ObjectStatusConditionDefinition> statusConditions,
    HelmReleasePropertiesDefinition helmReleaseProperties) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ObjectReferenceDefinition(String name, String namespace) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ObjectStatusConditionDefinition(
      String lastTransitionTime, String message, String reason, String status, String type) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HelmReleasePropertiesDefinition(
      Long lastRevisionApplied,
      ObjectReferenceDefinition helmChartRef,
      Long failureCount,
      Long installFailureCount,
      Long upgradeFailureCount) {}
}
