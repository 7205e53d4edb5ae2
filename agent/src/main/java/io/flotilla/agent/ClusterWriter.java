package io.flotilla.agent;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.agent.DesiredConfiguration;
import io.flotilla.api.agent.DesiredState;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.meta.LocalObjectReference;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.api.fluxconfig.FluxConfigSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
   * Creates or updates every listed configuration and deletes those whose delete the service
   * recorded ({@link PrunePlan}); returns the plan, whose {@code kept} FluxConfigs were left alone.
   */
  PrunePlan apply(DesiredState desired) {
    for (DesiredConfiguration d : desired.configurations()) {
      if (!d.deleting()) {
        write(d);
      }
    }
    PrunePlan plan = PrunePlan.of(present(), desired);
    for (PrunePlan.Present p : plan.delete()) {
      // the controller's cleanup needs only the FluxConfig; its protected settings go with it
      client.resources(FluxConfig.class).inNamespace(p.namespace()).withName(p.name()).delete();
      client.secrets().inNamespace(p.namespace()).withName(protectedSecretName(p.name())).delete();
    }
    if (!plan.delete().isEmpty()) {
      // what was just deleted may already be gone (no finalizer): confirm it in the same pass
      plan = PrunePlan.of(present(), desired);
    }
    for (DesiredConfiguration d : desired.configurations()) {
      if (d.deleting() && plan.confirmed().contains(d.name())) {
        client
            .secrets()
            .inNamespace(namespaceOf(d))
            .withLabel(FluxConfig.NAME_LABEL, d.name())
            .delete();
      }
    }
    return plan;
  }

  private List<PrunePlan.Present> present() {
    return managed().stream()
        .map(
            c ->
                new PrunePlan.Present(
                    c.getMetadata().getNamespace(),
                    c.getMetadata().getName(),
                    c.getSpec() == null ? null : c.getSpec().resourceId(),
                    c.getMetadata().getDeletionTimestamp() != null))
        .toList();
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
    ObjectMetaBuilder meta =
        new ObjectMetaBuilder().withName(d.name()).withNamespace(ns).addToLabels(MANAGED_BY, AGENT);
    if (d.reconcileRequestedAt() != null) {
      // each write of the configuration asks for a reconcile now, as flux reconcile does
      meta.addToAnnotations(Annotations.RECONCILE_REQUESTED_AT, d.reconcileRequestedAt());
    }
    config.setMetadata(meta.build());
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
            secretRef,
            p.dependsOn() == null || p.dependsOn().isEmpty() ? null : p.dependsOn()));
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
