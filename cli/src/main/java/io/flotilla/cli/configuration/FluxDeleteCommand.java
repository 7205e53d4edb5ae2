package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.Choices;
import io.flotilla.cli.NoWaitOption;
import io.flotilla.cli.Session;
import io.flotilla.cli.arm.ArmHttpException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "delete", description = "Delete a Flux v2 Kubernetes configuration.")
public final class FluxDeleteCommand extends FluxCommand.Named {
  @Option(
      names = {"--force"},
      arity = "0..1",
      fallbackValue = "true",
      converter = Choices.ThreeState.class,
      parameterConsumer = Choices.ThreeStateConsumer.class,
      description = "Force delete the flux configuration from the cluster.")
  Boolean force;

  @Mixin NoWaitOption wait;

  @Mixin ConfirmOption yes;

  @Override
  protected void run(Session session) {
    validateName();
    yes.confirm(session, "Are you sure you want to perform this operation?");
    var ref = clusterRef(session);
    FluxService flux = FluxService.of(session);
    JsonNode current;
    try {
      current = flux.show(ref, name);
    } catch (ArmHttpException e) {
      if (e.status() != 404) throw e;
      session
          .log()
          .warning(
              "No flux configuration with name '"
                  + name
                  + "' found on cluster '"
                  + cluster.clusterName()
                  + "', so nothing to delete");
      return;
    }
    if (FluxService.hasPruneEnabled(current)) {
      session
          .log()
          .warning(
              "Prune is enabled on one or more of your kustomizations. Deleting a Flux"
                  + " configuration with prune enabled will also delete the Kubernetes objects"
                  + " deployed by the kustomization(s).");
      yes.confirm(session, "Do you want to continue?");
    }
    boolean forceDelete = force != null && force;
    if (!forceDelete) {
      session
          .log()
          .info("Deleting the flux configuration from the cluster. This may take a few minutes...");
    }
    flux.delete(ref, name, forceDelete, wait.noWait());
  }
}
