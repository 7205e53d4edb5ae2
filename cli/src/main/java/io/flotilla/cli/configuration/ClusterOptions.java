package io.flotilla.cli.configuration;

import io.flotilla.api.arm.ClusterRef;
import io.flotilla.cli.Choices;
import io.flotilla.cli.ClusterTarget;
import picocli.CommandLine.Option;

/** {@code -g}, {@code -c}, {@code -t} and {@code --cluster-resource-provider}, as in az. */
final class ClusterOptions {
  @Option(
      names = {"--resource-group", "-g"},
      required = true,
      description = "Name of resource group")
  String resourceGroup;

  @Option(
      names = {"--cluster-name", "-c"},
      required = true,
      description = "Name of the Kubernetes cluster")
  String clusterName;

  @Option(
      names = {"--cluster-type", "-t"},
      required = true,
      converter = Choices.ClusterType.class,
      description =
          "Specify Arc connected clusters or AKS managed clusters or provisioned clusters:"
              + " connectedClusters, managedClusters, provisionedClusters")
  String clusterType;

  @Option(
      names = {"--cluster-resource-provider", "--cluster-rp"},
      description =
          "Cluster Resource Provider name for this clusterType (Required for provisionedClusters)")
  String clusterRp;

  ClusterRef ref(String subscription) {
    return ClusterTarget.ref(subscription, resourceGroup, clusterType, clusterRp, clusterName);
  }
}
