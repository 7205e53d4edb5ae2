package io.flotilla.agent;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.agent.DesiredConfiguration;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.flux.meta.LocalObjectReference;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.api.fluxconfig.FluxConfigSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Writes the desired configurations into the cluster as {@link FluxConfig} objects. */
final class ClusterWriter {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String AGENT = "fluxconfig-agent";
  static final String FIELD_MANAGER = "fluxconfig-agent";
  private final KubernetesClient client;

  ClusterWriter(KubernetesClient client) {
    this.client = client;
  }

  static String namespaceOf(DesiredConfiguration d) {
    String ns = d.properties() == null ? null : d.properties().namespace();
    return ns == null || ns.isEmpty() ? "default" : ns;
  }

  static String protectedSecretName(String config) {
    return config + "-protected-parameters";
  }

  /**
   * Creates or updates every wanted configuration and deletes the rest; returns confirmed
   * deletions.
   */
  Set<String> apply(List<DesiredConfiguration> desired) {
    Set<String> wanted = new HashSet<>();
    for (DesiredConfiguration d : desired) {
      if (d.deleting()) {
        continue;
      }
      wanted.add(namespaceOf(d) + "/" + d.name());
      write(d);
    }
    for (FluxConfig existing : managed()) {
      String key = existing.getMetadata().getNamespace() + "/" + existing.getMetadata().getName();
      if (!wanted.contains(key) && existing.getMetadata().getDeletionTimestamp() == null) {
        client.resource(existing).delete();
      }
    }
    Set<String> present =
        managed().stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
    return desired.stream()
        .filter(DesiredConfiguration::deleting)
        .map(DesiredConfiguration::name)
        .filter(n -> !present.contains(n))
        .peek(n -> client.secrets().inAnyNamespace().withLabel(FluxConfig.NAME_LABEL, n).delete())
        .collect(Collectors.toSet());
  }

  List<FluxConfig> managed() {
    return client
        .resources(FluxConfig.class)
        .inAnyNamespace()
        .withLabel(MANAGED_BY, AGENT)
        .list()
        .getItems();
  }

  private void write(DesiredConfiguration d) {
    String ns = namespaceOf(d);
    if (client.namespaces().withName(ns).get() == null) {
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .fieldManager(FIELD_MANAGER)
          .serverSideApply();
    }
    FluxConfigurationProperties p = d.properties();
    LocalObjectReference secretRef =
        writeProtectedSettings(ns, d.name(), p.configurationProtectedSettings());
    FluxConfig config = new FluxConfig();
    config.setMetadata(
        new ObjectMetaBuilder()
            .withName(d.name())
            .withNamespace(ns)
            .addToLabels(MANAGED_BY, AGENT)
            .build());
    config.setSpec(
        new FluxConfigSpec(
            d.resourceId(),
            d.version(),
            p.scope(),
            p.sourceKind(),
            p.suspend(),
            p.gitRepository(),
            p.bucket(),
            p.azureBlob(),
            p.ociRepository(),
            p.kustomizations(),
            secretRef));
    client.resource(config).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  /**
   * Protected settings go into a Secret beside the FluxConfig and nowhere else; the service stops
   * sending them after a while, so an existing Secret is kept when none arrive.
   */
  private LocalObjectReference writeProtectedSettings(
      String ns, String config, Map<String, String> settings) {
    String name = protectedSecretName(config);
    if (settings != null && !settings.isEmpty()) {
      Map<String, String> data =
          settings.entrySet().stream()
              .collect(
                  Collectors.toMap(
                      Map.Entry::getKey,
                      e ->
                          Base64.getEncoder()
                              .encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8))));
      var secret =
          new SecretBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(ns)
              .addToLabels(FluxConfig.NAME_LABEL, config)
              .addToLabels(MANAGED_BY, AGENT)
              .endMetadata()
              .withType("Opaque")
              .withData(data)
              .build();
      client.resource(secret).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      return new LocalObjectReference(name);
    }
    return client.secrets().inNamespace(ns).withName(name).get() == null
        ? null
        : new LocalObjectReference(name);
  }
}
