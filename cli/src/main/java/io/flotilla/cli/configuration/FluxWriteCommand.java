package io.flotilla.cli.configuration;

import io.flotilla.api.arm.AzureBlobDefinition;
import io.flotilla.api.arm.BucketDefinition;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.GitRepositoryDefinition;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition;
import io.flotilla.cli.Choices;
import io.flotilla.cli.NoWaitOption;
import io.flotilla.cli.Session;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code flux create} and {@code flux update} share: source flags, suspend, secrets. */
abstract class FluxWriteCommand extends FluxCommand.Named {
  @Option(
      names = {"--suspend"},
      arity = "0..1",
      fallbackValue = "true",
      converter = Choices.ThreeState.class,
      parameterConsumer = Choices.ThreeStateConsumer.class,
      description = "Suspend the reconciliation of the source and kustomizations")
  Boolean suspend;

  @Mixin NoWaitOption wait;

  @Mixin SourceOptions source;

  /** Parses {@code -k} and the OCI verify arguments, then validates {@code --name}. */
  Map<String, KustomizationArgs.Kustomization> parseArguments(
      Session session, ManyValuesOption.Holder kustomizations) {
    Map<String, KustomizationArgs.Kustomization> parsed =
        KustomizationArgs.parseAll(
            kustomizations.occurrences, "--kustomization", session.log()::warning);
    source.parseVerifyArguments();
    validateName();
    return parsed;
  }

  /** The configuration's properties; {@code definitions} gives each source kind's definition. */
  FluxConfigurationProperties properties(
      String scope,
      String namespace,
      String sourceKind,
      Boolean suspend,
      SourceDefinitions definitions,
      Map<String, KustomizationDefinition> kustomizations) {
    Map<String, String> secrets =
        ProtectedSettings.of(
            source.sshPrivateKey,
            source.sshPrivateKeyFile,
            source.httpsKey,
            source.bucketSecretKey);
    return FluxConfigurationProperties.of(
        b -> {
          b.scope = scope;
          b.namespace = namespace;
          b.sourceKind = sourceKind;
          b.suspend = suspend;
          b.gitRepository = definitions.of(Sources.GIT, GitRepositoryDefinition.class);
          b.bucket = definitions.of(Sources.BUCKET, BucketDefinition.class);
          b.azureBlob = definitions.of(Sources.AZBLOB, AzureBlobDefinition.class);
          b.ociRepository = definitions.of(Sources.OCI, OciRepositoryDefinition.class);
          b.kustomizations = kustomizations;
          b.configurationProtectedSettings = secrets.isEmpty() ? null : secrets;
        });
  }

  /** One source kind's definition in the request, or null to leave it out. */
  interface SourceDefinitions {
    <T extends Record> T of(String cliKind, Class<T> type);
  }
}
