package io.flotilla.cli.extension;

import io.flotilla.api.arm.ClusterRef;
import io.flotilla.cli.Choices;
import io.flotilla.cli.ClusterTarget;
import picocli.CommandLine.Option;

/** {@code -g -c -t --cluster-resource-provider} with k8s-extension's cluster types. */
final class ClusterArgs {
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
      converter = Choices.ExtensionClusterType.class,
      description =
          "Specify Arc clusters, AKS managed clusters, Arc appliances or provisionedClusters:"
              + " connectedClusters, managedClusters, appliances, provisionedClusters")
  String clusterType;

  @Option(
      names = {"--cluster-resource-provider", "--cluster-rp"},
      description =
          "Cluster Resource Provider name for this clusterType (Required for"
              + " provisionedClusters)")
  String clusterRp;

  ClusterRef ref(String subscription) {
    return ClusterTarget.ref(subscription, resourceGroup, clusterType, clusterRp, clusterName);
  }
}
