package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.cli.Session;
import io.flotilla.cli.output.Output;
import io.flotilla.cli.output.Tables;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show a Flux v2 Kubernetes configuration.")
public final class FluxShowCommand extends FluxCommand {
  @Option(
      names = {"--name", "-n"},
      required = true,
      description = "Name of the flux configuration")
  String name;

  FluxShowCommand(CliEnvironment env) {
    super(env);
  }

  @Override
  void run(Session session) {
    Names.validateResourceName(name, "--name", 63);
    var ref = cluster.ref(session.arm().subscription());
    var resource = FluxService.of(session).show(ref, name);
    JsonNode shown = Output.fluxConfiguration(resource);
    Staleness.warnInTable(session, List.of(shown));
    session.output().print(shown, Tables.FLUX_CONFIG);
  }
}
