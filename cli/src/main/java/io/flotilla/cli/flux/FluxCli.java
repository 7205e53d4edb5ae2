package io.flotilla.cli.flux;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.cli.CliEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flotilla flux …}: the CNCF flux CLI's commands on the objects of any kubeconfig's cluster.
 * Its errors are flux's ({@code ✗ <message>} on stderr, exit code 1), not az's, so the root's
 * handlers pass the flux group's failures here. Commands of other packages (install, bootstrap) are
 * added in {@code Commands.addAll} and read the global flags through {@link #flags} and {@link
 * #client}; any exception they throw is reported the flux way.
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

  /**
   * flux's global flags as a command of another package registered under {@code flux} sees them.
   */
  public record GlobalFlags(Path kubeconfig, String context, String namespace, Duration timeout) {}

  /** The global flags of the {@code flux} group that {@code spec} runs under. */
  public static GlobalFlags flags(CommandSpec spec) {
    FluxGroup g = Parents.find(spec, FluxGroup.class);
    return new GlobalFlags(g.kubeconfig, g.context, g.namespace(), g.timeout);
  }

  /**
   * The global flags of the {@code flux} group {@code spec} runs under, or null when it runs
   * elsewhere (a command registered both at the root and under {@code flux}).
   */
  public static GlobalFlags flagsIfUnder(CommandSpec spec) {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      if (s.userObject() instanceof FluxGroup) {
        return flags(spec);
      }
    }
    return null;
  }

  /**
   * Removes from {@code sub} (and its subcommands) the options the {@code flux} group's global
   * flags provide, so that a command written for the root can be registered under {@code flux} too:
   * it then reads them with {@link #flagsIfUnder}.
   */
  public static CommandLine withoutGlobalFlags(CommandLine sub) {
    java.util.Set<String> global =
        java.util.Set.of(
            "--kubeconfig", "--context", "-n", "--namespace", "--timeout", "--verbose");
    CommandSpec spec = sub.getCommandSpec();
    for (var option : java.util.List.copyOf(spec.options())) {
      if (java.util.Arrays.stream(option.names()).anyMatch(global::contains)) {
        spec.remove(option);
      }
    }
    sub.getSubcommands().values().forEach(FluxCli::withoutGlobalFlags);
    return sub;
  }

  /** A client for the cluster the global flags name, connected as the flux commands connect. */
  public static KubernetesClient client(CommandSpec spec) {
    return Parents.find(spec, FluxGroup.class).kube().client();
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
