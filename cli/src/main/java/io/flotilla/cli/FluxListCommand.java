package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
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
    JsonNode shown = Output.fluxConfigurations(resources);
    List<JsonNode> items = new ArrayList<>();
    shown.forEach(items::add);
    Staleness.warnInTable(session, items);
    session.output().print(shown, Tables.FLUX_CONFIG);
  }
}
