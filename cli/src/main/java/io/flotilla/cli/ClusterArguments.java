package io.flotilla.cli;

import io.flotilla.api.arm.ClusterRef;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code -g}, {@code -c} and {@code --cluster-resource-provider} as in az; a subclass adds {@code
 * -t} with the cluster types its command group accepts.
 */
public abstract class ClusterArguments {
  @Mixin ResourceGroupOption resourceGroup;

  @Option(
      names = {"--cluster-name", "-c"},
      required = true,
      description = "Name of the Kubernetes cluster")
  String clusterName;

  @Option(
      names = {"--cluster-resource-provider", "--cluster-rp"},
      description =
          "Cluster Resource Provider name for this clusterType (Required for provisionedClusters)")
  String clusterRp;

  protected abstract String clusterType();

  public String clusterName() {
    return clusterName;
  }

  public ClusterRef ref(String subscription) {
    return ClusterTarget.ref(
        subscription, resourceGroup.name(), clusterType(), clusterRp, clusterName);
  }
}
