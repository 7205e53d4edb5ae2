package io.flotilla.cli.flux;

import io.flotilla.cli.CliEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;

/**
 * {@code flotilla flux …}: the CNCF flux CLI's commands on the objects of any kubeconfig's cluster.
 * Its errors are flux's ({@code ✗ <message>} on stderr, exit code 1), not az's, so the root's
 * handlers pass the flux group's failures here.
 */
public final class FluxCli {
  private FluxCli() {}

  /** Adds {@code flux} under {@code root}, after the root's exception handlers are set. */
  public static CommandLine register(CommandLine root, CliEnvironment env) {
    CommandLine flux = FluxGroup.commandLine(env);
    root.addSubcommand(flux);
    flux.setOut(env.out());
    flux.setErr(env.err());
    IExecutionExceptionHandler execution = root.getExecutionExceptionHandler();
    IParameterExceptionHandler parameter = root.getParameterExceptionHandler();
    root.setExecutionExceptionHandler(
        (ex, cmd, parsed) ->
            inFlux(cmd)
                ? Failures.report(env, ex)
                : execution.handleExecutionException(ex, cmd, parsed));
    root.setParameterExceptionHandler(
        (ex, args) ->
            inFlux(ex.getCommandLine())
                ? Failures.usage(env, ex)
                : parameter.handleParseException(ex, args));
    return flux;
  }

  private static boolean inFlux(CommandLine cmd) {
    for (CommandLine c = cmd; c != null; c = c.getParent()) {
      if (c.getCommand() instanceof FluxGroup) {
        return true;
      }
    }
    return false;
  }
}
