package io.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.arm.FluxConfigurationProperties;

/**
 * One configuration for the agent. {@code properties} carries the desired fields and, until the
 * agent has confirmed them once, the decrypted protected settings. {@code version} grows with each
 * change; the agent echoes it so the service knows which change reached the cluster. When {@code
 * deleting} is true the agent removes the configuration and reports {@code deleted}. {@code
 * reconcileRequestedAt} is the time of the last write of the configuration (a PUT, or a PATCH, even
 * an empty one: "reconcile now"): the agent sets it as the FluxConfig's {@code
 * reconcile.fluxcd.io/requestedAt}, and the FluxConfig controller passes it on to the source and
 * Kustomizations, so the source fetches at once instead of at its next interval.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DesiredConfiguration(
    String resourceId,
    String name,
    long version,
    boolean deleting,
    FluxConfigurationProperties properties,
    String reconcileRequestedAt) {

  public DesiredConfiguration(
      String resourceId,
      String name,
      long version,
      boolean deleting,
      FluxConfigurationProperties properties) {
    this(resourceId, name, version, deleting, properties, null);
  }
}
