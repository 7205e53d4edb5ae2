package io.flotilla.server.assignment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.arm.SystemData;

/** The ARM resource {@code Microsoft.KubernetesConfiguration/fluxConfigurationAssignments}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Assignment(
    String id, String name, String type, SystemData systemData, AssignmentProperties properties) {
  public static final String TYPE =
      "Microsoft.KubernetesConfiguration/fluxConfigurationAssignments";
}
