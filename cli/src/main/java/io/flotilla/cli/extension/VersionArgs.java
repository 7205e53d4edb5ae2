package io.flotilla.cli.extension;

import io.flotilla.cli.Choices;
import io.flotilla.cli.CliException;
import picocli.CommandLine.Option;

/** Which version of an extension runs: create's and update's shared flags. */
final class VersionArgs {
  @Option(
      names = {"--auto-upgrade-minor-version", "--auto-upgrade"},
      arity = "0..1",
      fallbackValue = "true",
      converter = Choices.ThreeState.class,
      parameterConsumer = Choices.ThreeStateConsumer.class,
      description = "Automatically upgrade minor version of the extension instance.")
  Boolean autoUpgrade;

  @Option(
      names = "--version",
      description =
          "Specify the version to install for the extension instance if --auto-upgrade-minor-version is not enabled.")
  String version;

  @Option(
      names = "--release-train",
      description = "Specify the release train for the extension type.")
  String releaseTrain;

  /** On create a pinned version turns auto-upgrade off unless it was asked for. */
  Boolean autoUpgradeOnCreate() {
    return autoUpgrade != null ? autoUpgrade : version != null ? Boolean.FALSE : null;
  }

  /** az's check: a pinned version needs auto-upgrade off. */
  void checkPinned() {
    if (version != null && Boolean.TRUE.equals(autoUpgrade)) {
      throw CliException.error(
          "To pin to specific version, auto-upgrade-minor-version must be set to 'false'.");
    }
  }
}
