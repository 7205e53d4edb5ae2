package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.cli.Choices;
import io.flotilla.cli.Session;
import io.flotilla.cli.output.Output;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "create", description = "Create a Flux v2 Kubernetes configuration.")
public final class FluxCreateCommand extends FluxWriteCommand {
  @Option(
      names = {"--url", "-u"},
      required = true,
      description = "URL of the source to reconcile")
  String url;

  @Option(
      names = {"--scope", "-s"},
      converter = Choices.Scope.class,
      defaultValue = "cluster",
      description = "Specify scope of the operator to be 'namespace' or 'cluster'")
  String scope;

  @Option(
      names = {"--namespace", "--ns"},
      defaultValue = "default",
      description = "Namespace to deploy the configuration")
  String namespace;

  @Option(
      names = {"--kustomization", "-k"},
      arity = "1..*",
      paramLabel = "KEY=VALUE",
      parameterConsumer = ManyValuesOption.class,
      description =
          "Define kustomizations to sync sources with parameters ['name', 'path', 'depends_on',"
              + " 'timeout', 'sync_interval', 'retry_interval', 'prune', 'force',"
              + " 'disable_health_check']")
  ManyValuesOption.Holder kustomizations = new ManyValuesOption.Holder();

  @Override
  protected void run(Session session) {
    Map<String, KustomizationArgs.Kustomization> kustomizationMap =
        parseArguments(session, kustomizations);
    if (namespace != null && !namespace.isEmpty()) {
      Names.validateNamespace(namespace, "--namespace", 253);
    }
    ClusterRef ref = clusterRef(session);
    source.url = url;
    String kind = source.kind == null ? Sources.GIT : source.kind;
    Sources sources = Sources.forKind(kind, source);
    sources.validateComplete();

    Map<String, KustomizationDefinition> kustomizationDefinitions =
        KustomizationArgs.definitions(kustomizationMap);
    if (kustomizationMap.isEmpty()) {
      session
          .log()
          .warning(
              "Warning! No kustomizations were specified for this configuration. A kustomization"
                  + " will be generated with the default name 'kustomization-1'.");
      kustomizationDefinitions.put(KustomizationArgs.DEFAULT_NAME, KustomizationArgs.EMPTY);
    }
    FluxConfigurationProperties properties =
        properties(
            scope,
            namespace,
            Sources.sourceKind(kind),
            suspend != null && suspend,
            sources::definitionIf,
            kustomizationDefinitions);
    ObjectNode body = KustomizationArgs.body(properties, kustomizationMap);

    FluxService flux = FluxService.of(session);
    flux.ensureFluxExtension(ref, wait.noWait());
    session
        .log()
        .warning(
            "Creating the flux configuration '"
                + name
                + "' in the cluster. This may take a few minutes...");
    JsonNode result = flux.put(ref, name, body, wait.noWait());
    session.output().print(Output.fluxConfiguration(result), null);
  }
}
