package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.Session;
import io.flotilla.cli.output.Output;
import io.flotilla.cli.output.Tables;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "list", description = "List all Flux v2 Kubernetes configurations.")
public final class FluxListCommand extends FluxCommand {
  @Override
  protected void run(Session session) {
    var ref = clusterRef(session);
    var resources = FluxService.of(session).list(ref);
    JsonNode shown = Output.fluxConfigurations(resources);
    List<JsonNode> items = new ArrayList<>();
    shown.forEach(items::add);
    Staleness.warnInTable(session, items);
    session.output().print(shown, Tables.FLUX_CONFIG);
  }
}
