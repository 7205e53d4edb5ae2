package io.flotilla.deploy.cmd;

import io.flotilla.cli.CliEnvironment;
import io.flotilla.cli.Groups;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code flotilla flux bootstrap}: the group; {@code git} is its one provider. */
@Command(
    name = "bootstrap",
    description = "Deploy Flotilla on a cluster the GitOps way: its manifests committed to Git.")
public final class BootstrapCommand extends Groups.Group {
  public static CommandLine group(CliEnvironment env) {
    CommandLine group = new CommandLine(new BootstrapCommand());
    group.addSubcommand("git", new BootstrapGitCommand(env));
    return group;
  }
}
