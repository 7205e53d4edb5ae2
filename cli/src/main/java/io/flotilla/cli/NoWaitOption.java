package io.flotilla.cli;

import picocli.CommandLine.Option;

/** az's {@code --no-wait}, for commands that start a long-running operation. */
public final class NoWaitOption {
  @Option(
      names = {"--no-wait"},
      description = "Do not wait for the long-running operation to finish.")
  boolean noWait;

  public boolean noWait() {
    return noWait;
  }
}
