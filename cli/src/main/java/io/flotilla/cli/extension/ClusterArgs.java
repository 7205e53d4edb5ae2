package io.flotilla.cli.extension;

import io.flotilla.cli.Choices;
import io.flotilla.cli.ClusterArguments;
import picocli.CommandLine.Option;

/** {@code -g -c -t --cluster-resource-provider} with k8s-extension's cluster types. */
final class ClusterArgs extends ClusterArguments {
  @Option(
      names = {"--cluster-type", "-t"},
      required = true,
      converter = Choices.ExtensionClusterType.class,
      description =
          "Specify Arc clusters, AKS managed clusters, Arc appliances or provisionedClusters:"
              + " connectedClusters, managedClusters, appliances, provisionedClusters")
  String clusterType;

  @Override
  protected String clusterType() {
    return clusterType;
  }
}
