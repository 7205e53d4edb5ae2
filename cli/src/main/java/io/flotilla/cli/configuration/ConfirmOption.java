package io.flotilla.cli.configuration;

import io.flotilla.cli.Session;
import picocli.CommandLine.Option;

/** {@code --yes} as k8s-configuration words it (no full stop, unlike k8s-extension's). */
final class ConfirmOption {
  @Option(
      names = {"--yes", "-y"},
      description = "Do not prompt for confirmation")
  boolean yes;

  /** Asks unless {@code --yes} was given. */
  void confirm(Session session, String message) {
    session.confirm(yes, message);
  }
}
