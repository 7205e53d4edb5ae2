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

/** Kustomization specs for the ITs, without spelling out every field of the record. */
record Specs(
    String sourceKind,
    String source,
    String path,
    String interval,
    String timeout,
    Boolean waitForHealth,
    List<CustomHealthCheck> healthCheckExprs,
    List<DependencyReference> dependsOn,
    KubeConfigReference kubeConfig,
    String serviceAccountName) {

  static Specs of(String sourceKind, String source, String path) {
    return new Specs(sourceKind, source, path, "10m", "5s", false, null, null, null, null);
  }

  Specs withWait(boolean w) {
    return new Specs(
        sourceKind,
        source,
        path,
        interval,
        timeout,
        w,
        healthCheckExprs,
        dependsOn,
        kubeConfig,
        serviceAccountName);
  }

  Specs withHealthCheckExprs(CustomHealthCheck... exprs) {
    return new Specs(
        sourceKind,
        source,
        path,
        interval,
        timeout,
        waitForHealth,
        List.of(exprs),
        dependsOn,
        kubeConfig,
        serviceAccountName);
  }

  Specs withDependsOn(DependencyReference... deps) {
    return new Specs(
        sourceKind,
        source,
        path,
        interval,
        timeout,
        waitForHealth,
        healthCheckExprs,
        List.of(deps),
        kubeConfig,
        serviceAccountName);
  }

  Specs withKubeConfig(KubeConfigReference ref) {
    return new Specs(
        sourceKind,
        source,
        path,
        interval,
        timeout,
        waitForHealth,
        healthCheckExprs,
        dependsOn,
        ref,
        serviceAccountName);
  }

  Specs withServiceAccountName(String sa) {
    return new Specs(
        sourceKind,
        source,
        path,
        interval,
        timeout,
        waitForHealth,
        healthCheckExprs,
        dependsOn,
        kubeConfig,
        sa);
  }

  Specs withTimeout(String t) {
    return new Specs(
        sourceKind,
        source,
        path,
        interval,
        t,
        waitForHealth,
        healthCheckExprs,
        dependsOn,
        kubeConfig,
        serviceAccountName);
  }

  KustomizationSpec build() {
    return new KustomizationSpec(
        new NamespacedObjectKindReference(null, sourceKind, source, null),
        path,
        interval,
        "2s",
        timeout,
        true,
        null,
        waitForHealth,
        null,
        dependsOn,
        null,
        null,
        null,
        null,
        serviceAccountName,
        null,
        null,
        null,
        null,
        null,
        null,
        healthCheckExprs,
        kubeConfig);
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
