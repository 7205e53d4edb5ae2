package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.cli.Session;
import io.flotilla.cli.arm.ArmClient;
import io.flotilla.cli.output.Output;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "update", description = "Update a Flux v2 Kubernetes configuration.")
public final class FluxUpdateCommand extends FluxWriteCommand {
  @Option(
      names = {"--url", "-u"},
      description = "URL of the source to reconcile")
  String url;

  @Option(
      names = {"--kustomization", "-k"},
      arity = "1..*",
      paramLabel = "KEY=VALUE",
      parameterConsumer = ManyValuesOption.class,
      description = "Add or change kustomizations: name=NAME [path=… prune=true …]")
  ManyValuesOption.Holder kustomizations = new ManyValuesOption.Holder();

  @Mixin ConfirmOption yes;

  @Override
  protected void run(Session session) {
    Map<String, KustomizationArgs.Kustomization> kustomizationMap =
        parseArguments(session, kustomizations);
    ClusterRef ref = clusterRef(session);
    FluxService flux = FluxService.of(session);
    JsonNode current = flux.show(ref, name);

    source.url = url;
    String currentKind =
        Sources.cliKind(current.path("properties").path("sourceKind").asText(null));
    String kind = source.kind == null ? currentKind : source.kind;
    Sources sources = Sources.forKind(kind, source);
    boolean changedKind = !kind.equals(currentKind);

    if (changedKind) {
      yes.confirm(
          session,
          "You are choosing to migrate from source kind '"
              + currentKind
              + "' to source kind '"
              + kind
              + "'. Changing your source repository may also require you to change your"
              + " kustomizations. Are you sure you want to change kinds?");
      sources.validateComplete();
    }
    FluxConfigurationProperties properties =
        properties(
            null,
            null,
            changedKind ? Sources.sourceKind(kind) : null,
            suspend,
            new SourcePatch(kind, sources, changedKind),
            kustomizationMap.isEmpty() ? null : KustomizationArgs.definitions(kustomizationMap));
    ObjectNode patch = KustomizationArgs.body(properties, kustomizationMap);
    JsonNode result = flux.patch(ref, name, patch, current, wait.noWait());
    session.output().print(Output.fluxConfiguration(result), null);
  }

  /**
   * The source part of the JSON merge patch: the kind's definition when any of its flags is given;
   * on a change of kind, every other kind as an empty definition, {@code {}}, which is how the
   * service's merge patch clears a source the configuration leaves (an absent field is left alone).
   */
  private record SourcePatch(String kind, Sources sources, boolean changedKind)
      implements SourceDefinitions {
    @Override
    public <T extends Record> T of(String cliKind, Class<T> type) {
      if (cliKind.equals(kind)) {
        return sources.anyGiven() ? sources.definitionIf(cliKind, type) : null;
      }
      return changedKind ? ArmClient.JSON.convertValue(EMPTY, type) : null;
    }

    private static final ObjectNode EMPTY = JsonNodeFactory.instance.objectNode();
  }
}
