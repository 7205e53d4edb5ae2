package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.cli.Session;
import io.flotilla.cli.output.Tables;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "list",
    description = "List deployed objects associated with a Flux v2 Kubernetes configuration.")
public final class DeployedObjectListCommand extends FluxCommand.Named {
  static final List<String> FIELDS =
      List.of(
          "name",
          "namespace",
          "kind",
          "complianceState",
          "appliedBy",
          "statusConditions",
          "helmReleaseProperties");

  @Override
  protected void run(Session session) {
    session.output().print(statuses(show(session)), Tables.DEPLOYED_OBJECT);
  }

  /** {@code properties.statuses}, each with every field of az's model (null when absent). */
  static ArrayNode statuses(JsonNode resource) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (JsonNode status : resource.path("properties").path("statuses")) {
      list.add(complete(status));
    }
    return list;
  }

  static ObjectNode complete(JsonNode status) {
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    FIELDS.forEach(copy::putNull);
    status.fields().forEachRemaining(e -> copy.set(e.getKey(), e.getValue()));
    return copy;
  }
}
