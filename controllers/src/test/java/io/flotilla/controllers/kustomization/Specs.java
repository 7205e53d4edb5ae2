package io.flotilla.controllers.kustomization;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.CustomHealthCheck;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.DependencyReference;
import io.flotilla.api.flux.meta.KubeConfigReference;
import io.flotilla.api.flux.meta.NamespacedObjectKindReference;
import java.util.List;
import java.util.Optional;

/**
 * Kustomization specs for the ITs, without spelling out every field of the record: a builder for
 * one Kustomization ({@code Specs.of(…).withWait(true).create(…)}).
 */
final class Specs {
  private final String sourceKind;
  private final String source;
  private final String path;
  private final String interval = "10m";
  private String timeout = "5s";
  private Boolean waitForHealth = false;
  private List<CustomHealthCheck> healthCheckExprs;
  private List<DependencyReference> dependsOn;
  private KubeConfigReference kubeConfig;
  private String serviceAccountName;

  private Specs(String sourceKind, String source, String path) {
    this.sourceKind = sourceKind;
    this.source = source;
    this.path = path;
  }

  static Specs of(String sourceKind, String source, String path) {
    return new Specs(sourceKind, source, path);
  }

  Specs withWait(boolean w) {
    waitForHealth = w;
    return this;
  }

  Specs withHealthCheckExprs(CustomHealthCheck... exprs) {
    healthCheckExprs = List.of(exprs);
    return this;
  }

  Specs withDependsOn(DependencyReference... deps) {
    dependsOn = List.of(deps);
    return this;
  }

  Specs withKubeConfig(KubeConfigReference ref) {
    kubeConfig = ref;
    return this;
  }

  Specs withServiceAccountName(String sa) {
    serviceAccountName = sa;
    return this;
  }

  Specs withTimeout(String t) {
    timeout = t;
    return this;
  }

  KustomizationSpec build() {
    return KustomizationSpec.of(
        b -> {
          b.sourceRef = new NamespacedObjectKindReference(null, sourceKind, source, null);
          b.path = path;
          b.interval = interval;
          b.retryInterval = "2s";
          b.timeout = timeout;
          b.prune = true;
          b.waitForHealth = waitForHealth;
          b.dependsOn = dependsOn;
          b.serviceAccountName = serviceAccountName;
          b.healthCheckExprs = healthCheckExprs;
          b.kubeConfig = kubeConfig;
        });
  }

  Kustomization create(KubernetesClient client, String name) {
    return create(client, "default", name);
  }

  Kustomization create(KubernetesClient client, String namespace, String name) {
    Kustomization ks = new Kustomization();
    ks.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    ks.setSpec(build());
    return client.resource(ks).create();
  }

  static Kustomization get(KubernetesClient client, String name) {
    return client.resources(Kustomization.class).inNamespace("default").withName(name).get();
  }

  static Optional<Condition> condition(KubernetesClient client, String name, String type) {
    Kustomization ks = get(client, name);
    if (ks == null || ks.getStatus() == null || ks.getStatus().conditions() == null) {
      return Optional.empty();
    }
    return ks.getStatus().conditions().stream().filter(c -> c.type().equals(type)).findFirst();
  }

  static Condition ready(KubernetesClient client, String name) {
    Optional<Condition> c = condition(client, name, "Ready");
    assertThat(c).as("Ready of " + name).isPresent();
    return c.get();
  }
}
