package io.flotilla.app;

import io.flotilla.app.run.AgentCommand;
import io.flotilla.app.run.ControllerCommand;
import io.flotilla.app.run.ServerCommand;
import io.flotilla.app.up.UpCommand;
import io.flotilla.cli.Cli;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.cli.KustomizeBuild;
import io.flotilla.deploy.DeployCommands;
import picocli.CommandLine;

/** The one entry point: `flotilla up | server | agent | controller` and every CLI command. */
public final class Main {
  private Main() {}

  public static CommandLine commandLine(CliEnvironment env) {
    CommandLine cmd = Cli.commandLine(env);
    cmd.addSubcommand("up", new UpCommand(env));
    cmd.addSubcommand("server", new ServerCommand());
    cmd.addSubcommand("agent", new AgentCommand());
    cmd.addSubcommand("controller", new ControllerCommand());
    DeployCommands.register(cmd, env);
    return cmd;
  }

  public static void main(String[] args) {
    // a one-shot `kustomize build` skips picocli and the rest of the CLI: startup is most of its
    // time
    Integer fast = KustomizeBuild.tryMain(args);
    if (fast != null) {
      System.exit(fast);
    }
    CliEnvironment env = CliEnvironment.system();
    int code = commandLine(env).execute(args);
    env.out().flush();
    env.err().flush();
    System.exit(code);
  }
}
