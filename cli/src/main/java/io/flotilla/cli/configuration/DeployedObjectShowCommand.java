package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.Choices;
import io.flotilla.cli.CliException;
import io.flotilla.cli.Session;
import io.flotilla.cli.output.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "show",
    description = "Show a deployed object associated with a Flux v2 Kubernetes configuration.")
public final class DeployedObjectShowCommand extends FluxCommand.Named {
  @Option(
      names = {"--object-name"},
      required = true,
      description = "Name of the object deployed by the configuration on the cluster.")
  String objectName;

  @Option(
      names = {"--object-namespace"},
      required = true,
      description = "Namespace of the object deployed by the configuration on the cluster.")
  String objectNamespace;

  @Option(
      names = {"--object-kind"},
      required = true,
      converter = Choices.ObjectKind.class,
      description =
          "Kind of the object deployed by the configuration on the cluster: GitRepository,"
              + " Bucket, HelmRepository, HelmChart, HelmRelease, Kustomization")
  String objectKind;

  @Override
  protected void run(Session session) {
    for (JsonNode status : show(session).path("properties").path("statuses")) {
      if (objectName.equals(status.path("name").asText(null))
          && objectNamespace.equals(status.path("namespace").asText(null))
          && objectKind.equals(status.path("kind").asText(null))) {
        session.output().print(DeployedObjectListCommand.complete(status), Tables.DEPLOYED_OBJECT);
        return;
      }
    }
    throw CliException.invalid(
        "Error! Deployed object with name '"
            + objectName
            + "', namespace '"
            + objectNamespace
            + "', and kind '"
            + objectKind
            + "' does not exist on configuration '"
            + name
            + "'.",
        "You can view all deployed objects on a configuration with 'flotilla k8s-configuration"
            + " flux deployed-object list'");
  }
}
