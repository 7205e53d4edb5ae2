package io.flotilla.cli;

import io.flotilla.api.arm.ClusterRef;
import java.util.Locale;

/**
 * Maps az's {@code --cluster-type} (and {@code --cluster-resource-provider}) to an ARM provider.
 */
public final class ClusterTarget {
  static final String CONNECTED = "connectedClusters";
  public static final String MANAGED = "managedClusters";
  static final String PROVISIONED = "provisionedClusters";
  static final String HYBRID_RP = "microsoft.hybridcontainerservice";

  private ClusterTarget() {}

  /** The resource provider namespace for a cluster type, with az's errors. */
  public static String resourceProvider(String clusterType, String clusterRp) {
    String type = clusterType == null ? "" : clusterType.toLowerCase(Locale.ROOT);
    switch (type) {
      case "provisionedclusters" -> {
        if (clusterRp == null || clusterRp.isBlank()) {
          throw CliException.invalid(
              "Error! Cluster Resource Provider value is required for Cluster Type '"
                  + clusterType
                  + "'",
              null);
        }
        if (clusterRp.toLowerCase(Locale.ROOT).equals(HYBRID_RP)) {
          return HYBRID_RP;
        }
        throw CliException.invalid(
            "Error! Cluster type '"
                + clusterType
                + "' and Cluster Resource Provider '"
                + clusterRp
                + "' combination is not supported",
            null);
      }
      case "connectedclusters" -> {
        return "Microsoft.Kubernetes";
      }
      case "appliances" -> {
        return "Microsoft.ResourceConnector";
      }
      case "", "managedclusters" -> {
        return "Microsoft.ContainerService";
      }
      default ->
          throw CliException.invalid(
              "Error! Cluster type '" + clusterType + "' is not supported", null);
    }
  }

  public static ClusterRef ref(
      String subscription,
      String resourceGroup,
      String clusterType,
      String clusterRp,
      String cluster) {
    return new ClusterRef(
        subscription,
        resourceGroup,
        resourceProvider(clusterType, clusterRp),
        clusterType,
        cluster);
  }
}
