package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The ARM resource {@code Microsoft.Kubernetes/connectedClusters}, as far as Flotilla keeps it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectedCluster(
    String id,
    String name,
    String type,
    String location,
    Properties properties,
    java.util.Map<String, String> tags) {
  public static final String TYPE = "Microsoft.Kubernetes/connectedClusters";

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Properties(
      String provisioningState,
      String connectivityStatus,
      String lastConnectivityTime,
      String distribution,
      String kubernetesVersion,
      String agentVersion) {}
}
