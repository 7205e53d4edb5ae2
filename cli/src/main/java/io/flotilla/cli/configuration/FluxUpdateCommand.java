package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.cli.Choices;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.cli.Session;
import io.flotilla.cli.output.Output;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description = "Update a Flux v2 Kubernetes configuration.")
public final class FluxUpdateCommand extends FluxCommand {
  @Option(
      names = {"--name", "-n"},
      required = true,
      description = "Name of the flux configuration")
  String name;

  @Option(
      names = {"--url", "-u"},
      description = "URL of the source to reconcile")
  String url;

  @Option(
      names = {"--suspend"},
      arity = "0..1",
      fallbackValue = "true",
      converter = Choices.ThreeState.class,
      parameterConsumer = Choices.ThreeStateConsumer.class,
      description = "Suspend the reconciliation of the source and kustomizations")
  Boolean suspend;

  @Option(
      names = {"--kustomization", "-k"},
      arity = "1..*",
      paramLabel = "KEY=VALUE",
      parameterConsumer = KustomizationOption.class,
      description = "Add or change kustomizations: name=NAME [path=… prune=true …]")
  KustomizationOption.Holder kustomizations = new KustomizationOption.Holder();

  @Option(
      names = {"--no-wait"},
      description = "Do not wait for the long-running operation to finish.")
  boolean noWait;

  @Option(
      names = {"--yes", "-y"},
      description = "Do not prompt for confirmation")
  boolean yes;

  @Mixin SourceOptions source;

  FluxUpdateCommand(CliEnvironment env) {
    super(env);
  }

  @Override
  void run(Session session) {
    Map<String, ObjectNode> kustomizationMap =
        KustomizationArgs.parseAll(
            kustomizations.occurrences, "--kustomization", session.log()::warning);
    source.parseVerifyArguments();
    Names.validateResourceName(name, "--name", 63);
    ClusterRef ref = cluster.ref(session.arm().subscription());
    FluxService flux = FluxService.of(session);
    JsonNode current = flux.show(ref, name);

    source.url = url;
    String currentKind =
        Sources.cliKind(current.path("properties").path("sourceKind").asText(null));
    String kind = source.kind == null ? currentKind : source.kind;
    Sources sources = Sources.forKind(kind, source);
    boolean changedKind = !kind.equals(currentKind);

    ObjectNode properties = JsonNodeFactory.instance.objectNode();
    if (changedKind) {
      session.confirm(
          yes,
          "You are choosing to migrate from source kind '"
              + currentKind
              + "' to source kind '"
              + kind
              + "'. Changing your source repository may also require you to change your"
              + " kustomizations. Are you sure you want to change kinds?");
      sources.validateComplete();
    }
    if (sources.anyGiven()) {
      properties.set(Sources.sourceField(kind), sources.definitionJson());
    }
    if (changedKind) {
      properties.put("sourceKind", Sources.sourceKind(kind));
      for (String other : List.of("gitRepository", "bucket", "azureBlob", "ociRepository")) {
        if (!other.equals(Sources.sourceField(kind))) properties.putObject(other);
      }
    }
    if (suspend != null) {
      properties.put("suspend", suspend);
    }
    if (!kustomizationMap.isEmpty()) {
      ObjectNode node = properties.putObject("kustomizations");
      kustomizationMap.forEach(node::set);
    }
    Map<String, String> secrets =
        ProtectedSettings.of(
            source.sshPrivateKey,
            source.sshPrivateKeyFile,
            source.httpsKey,
            source.bucketSecretKey);
    if (!secrets.isEmpty()) {
      ObjectNode protectedSettings = properties.putObject("configurationProtectedSettings");
      secrets.forEach(protectedSettings::put);
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.set("properties", properties);
    JsonNode result = flux.patch(ref, name, patch, current, noWait);
    session.output().print(Output.fluxConfiguration(result), null);
  }
}
