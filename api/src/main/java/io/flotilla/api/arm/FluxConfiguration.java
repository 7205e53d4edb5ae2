package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The ARM resource {@code Microsoft.KubernetesConfiguration/fluxConfigurations}. {@code managedBy}
 * (ARM's common property for a resource another resource manages) names the assignment that owns
 * it; read-only, absent for a configuration made by hand.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FluxConfiguration(
    String id,
    String name,
    String type,
    SystemData systemData,
    FluxConfigurationProperties properties,
    String managedBy) {
  public static final String TYPE = "Microsoft.KubernetesConfiguration/fluxConfigurations";

  public FluxConfiguration withProperties(FluxConfigurationProperties p) {
    return new FluxConfiguration(id, name, type, systemData, p, managedBy);
  }
}
