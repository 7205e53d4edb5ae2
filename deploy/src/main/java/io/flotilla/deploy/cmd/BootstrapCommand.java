package io.flotilla.deploy.cmd;

import io.flotilla.cli.CliEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flotilla flux bootstrap}: the group; {@code git} is its one provider. */
@Command(
    name = "bootstrap",
    mixinStandardHelpOptions = true,
    description = "Deploy Flotilla on a cluster the GitOps way: its manifests committed to Git.")
public final class BootstrapCommand implements Runnable {
  @Spec CommandSpec spec;

  public static CommandLine group(CliEnvironment env) {
    CommandLine group = new CommandLine(new BootstrapCommand());
    group.addSubcommand("git", new BootstrapGitCommand(env));
    return group;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
