package io.flotilla.cli;

import picocli.CommandLine.Option;

/**
 * {@code --force} of the commands that install Flotilla into a cluster ({@code connectedk8s
 * connect} here, {@code install} and {@code flux bootstrap git} in the deploy module).
 */
public final class ForceInstallOption {
  @Option(
      names = "--force",
      description =
          "Install even where Flux or another Flotilla already runs, taking their objects over.")
  boolean force;

  public boolean force() {
    return force;
  }
}
