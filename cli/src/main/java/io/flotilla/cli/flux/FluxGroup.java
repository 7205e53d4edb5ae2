package io.flotilla.cli.flux;

import io.flotilla.cli.CliEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code flux}: the parent of the flux CLI's commands and the holder of its global flags, which are
 * accepted before or after any subcommand, as cobra's persistent flags are.
 */
@Command(
    name = "flux",
    mixinStandardHelpOptions = true,
    description = "Command line utility for assembling Kubernetes CD pipelines the GitOps way.")
final class FluxGroup implements Runnable {
  static final String DEFAULT_NAMESPACE = "flux-system";

  final CliEnvironment env;
  @Spec CommandSpec spec;

  @Option(
      names = "--kubeconfig",
      scope = ScopeType.INHERIT,
      description = "Path to the kubeconfig file.")
  Path kubeconfig;

  @Option(
      names = "--context",
      scope = ScopeType.INHERIT,
      description = "The name of the kubeconfig context to use.")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      scope = ScopeType.INHERIT,
      description = "The namespace scope for this operation (default \"flux-system\").")
  String namespace;

  @Option(
      names = "--timeout",
      scope = ScopeType.INHERIT,
      defaultValue = "5m0s",
      converter = DurationConverter.class,
      description = "Timeout for this operation (default 5m0s).")
  Duration timeout;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print generated objects.")
  boolean verbose;

  @Option(
      names = "--as",
      scope = ScopeType.INHERIT,
      description =
          "Username to impersonate for the operation. User could be a regular user or a service"
              + " account in a namespace.")
  String as;

  @Option(
      names = "--as-group",
      scope = ScopeType.INHERIT,
      description =
          "Group to impersonate for the operation, this flag can be repeated to specify multiple"
              + " groups.")
  java.util.List<String> asGroups = new java.util.ArrayList<>();

  private FluxGroup(CliEnvironment env) {
    this.env = env;
  }

  static CommandLine commandLine(CliEnvironment env) {
    FluxGroup group = new FluxGroup(env);
    CommandLine flux = new CommandLine(group);
    Commands.addAll(flux, group);
    return flux;
  }

  /** {@code -n}, else {@code $FLUX_SYSTEM_NAMESPACE}, else flux-system. */
  String namespace() {
    if (namespace != null && !namespace.isEmpty()) {
      return namespace;
    }
    String env = this.env.env().get("FLUX_SYSTEM_NAMESPACE");
    return env == null || env.isBlank() ? DEFAULT_NAMESPACE : env;
  }

  Logger logger() {
    return new Logger(env.err());
  }

  /** A client for the cluster the flags name; the caller closes it. */
  Kube kube() {
    return Kube.connect(this);
  }

  @Override
  public void run() {
    spec.commandLine().usage(env.out());
  }

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return GoDurations.parse(value);
    }
  }
}
