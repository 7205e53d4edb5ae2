package io.flotilla.cli;

import picocli.CommandLine.Option;

/** {@code --yes}: answers az's confirmation prompts. */
public final class YesOption {
  @Option(
      names = {"--yes", "-y"},
      description = "Do not prompt for confirmation.")
  boolean yes;

  public boolean yes() {
    return yes;
  }

  /** Asks unless {@code --yes} was given. */
  public void confirm(Session session, String message) {
    session.confirm(yes, message);
  }
}
