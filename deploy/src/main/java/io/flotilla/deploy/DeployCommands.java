package io.flotilla.deploy;

import io.flotilla.cli.CliEnvironment;
import io.flotilla.cli.Groups;
import io.flotilla.cli.flux.FluxCli;
import io.flotilla.deploy.cmd.BootstrapCommand;
import io.flotilla.deploy.cmd.InstallCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Adds this module's commands to the {@code flotilla} command line: {@code install}, {@code flux
 * install} and {@code flux bootstrap git}. The {@code flux} group is the flux CLI's (the {@code
 * cli} module's) when the root has one; otherwise a minimal group holding just these.
 */
public final class DeployCommands {
  private DeployCommands() {}

  public static void register(CommandLine root, CliEnvironment env) {
    add(root, env);
    // picocli hands out and err down only to the subcommands present when they are set
    root.setOut(env.out());
    root.setErr(env.err());
  }

  private static void add(CommandLine root, CliEnvironment env) {
    root.addSubcommand("install", new InstallCommand(env));
    CommandLine flux = root.getSubcommands().get("flux");
    if (flux == null) {
      flux = new CommandLine(new FluxGroup());
      root.addSubcommand("flux", flux);
      flux.addSubcommand("install", new InstallCommand(env));
      flux.addSubcommand("bootstrap", BootstrapCommand.group(env));
      return;
    }
    // the flux CLI's group gives --kubeconfig, --context, -n and --timeout to all its commands
    flux.addSubcommand(
        "install", FluxCli.withoutGlobalFlags(new CommandLine(new InstallCommand(env))));
    flux.addSubcommand("bootstrap", FluxCli.withoutGlobalFlags(BootstrapCommand.group(env)));
  }

  @Command(name = "flux", description = "Flux's own commands, on Flotilla's objects.")
  static final class FluxGroup extends Groups.Group {}
}
