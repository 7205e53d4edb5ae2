package io.flotilla.cli.configuration;

import io.flotilla.cli.Choices;
import io.flotilla.cli.ClusterArguments;
import picocli.CommandLine.Option;

/** {@code -g}, {@code -c}, {@code -t} and {@code --cluster-resource-provider}, as in az. */
final class ClusterOptions extends ClusterArguments {
  @Option(
      names = {"--cluster-type", "-t"},
      required = true,
      converter = Choices.ClusterType.class,
      description =
          "Specify Arc connected clusters or AKS managed clusters or provisioned clusters:"
              + " connectedClusters, managedClusters, provisionedClusters")
  String clusterType;

  @Override
  protected String clusterType() {
    return clusterType;
  }
}
