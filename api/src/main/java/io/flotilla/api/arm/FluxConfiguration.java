package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The ARM resource {@code Microsoft.KubernetesConfiguration/fluxConfigurations}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FluxConfiguration(
    String id,
    String name,
    String type,
    SystemData systemData,
    FluxConfigurationProperties properties) {
  public static final String TYPE = "Microsoft.KubernetesConfiguration/fluxConfigurations";

  public FluxConfiguration withProperties(FluxConfigurationProperties p) {
    return new FluxConfiguration(id, name, type, systemData, p);
  }
}
