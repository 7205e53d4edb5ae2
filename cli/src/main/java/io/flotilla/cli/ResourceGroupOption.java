package io.flotilla.cli;

import picocli.CommandLine.Option;

/** az's required {@code --resource-group/-g} of a command on one cluster. */
public final class ResourceGroupOption {
  @Option(
      names = {"--resource-group", "-g"},
      required = true,
      description = "Name of resource group")
  String resourceGroup;

  public String name() {
    return resourceGroup;
  }
}
