package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.Session;
import io.flotilla.cli.output.Output;
import io.flotilla.cli.output.Tables;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "show", description = "Show a Flux v2 Kubernetes configuration.")
public final class FluxShowCommand extends FluxCommand.Named {
  @Override
  protected void run(Session session) {
    JsonNode shown = Output.fluxConfiguration(show(session));
    Staleness.warnInTable(session, List.of(shown));
    session.output().print(shown, Tables.FLUX_CONFIG);
  }
}
