package io.flotilla.cli;

import picocli.CommandLine.Command;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List all Flux v2 Kubernetes configurations.")
final class FluxListCommand extends FluxCommand {
  FluxListCommand(CliEnvironment env) {
    super(env);
  }

  @Override
  void run(Session session) {
    var ref = cluster.ref(session.arm().subscription());
    var resources = session.flux().list(ref);
    session.output().print(Output.fluxConfigurations(resources), Tables.FLUX_CONFIG);
  }
}
