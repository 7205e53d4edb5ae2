package io.flotilla.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.flotilla.api.flux.kustomize.CustomHealthCheck;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.kustomize.KustomizationStatus;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.DependencyReference;
import io.flotilla.api.flux.meta.KubeConfigReference;
import io.flotilla.api.flux.meta.NamespacedObjectKindReference;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.testkit.Edits;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Kustomization specs for the ITs, without spelling out every field of the record: a builder for
 * one Kustomization ({@code KustomizationSpecs.of(…).withWait(true).create(…)}) with the ITs'
 * defaults (interval 10m, retryInterval 2s, timeout 5s, prune, no wait); {@link #with} sets any
 * other field.
 */
public final class KustomizationSpecs {
  private final NamespacedObjectKindReference sourceRef;
  private final String path;
  private String interval = "10m";
  private String retryInterval = "2s";
  private String timeout = "5s";
  private Boolean waitForHealth = false;
  private List<CustomHealthCheck> healthCheckExprs;
  private List<DependencyReference> dependsOn;
  private KubeConfigReference kubeConfig;
  private String serviceAccountName;
  private Consumer<KustomizationSpec.Builder> more = b -> {};

  private KustomizationSpecs(NamespacedObjectKindReference sourceRef, String path) {
    this.sourceRef = sourceRef;
    this.path = path;
  }

  /** From source {@code sourceKind/source} in the Kustomization's namespace (no apiVersion). */
  public static KustomizationSpecs of(String sourceKind, String source, String path) {
    return new KustomizationSpecs(
        new NamespacedObjectKindReference(null, sourceKind, source, null), path);
  }

  /**
   * From GitRepository {@code source} in {@code sourceNamespace} (null: the Kustomization's own),
   * named with its apiVersion.
   */
  public static KustomizationSpecs ofGitRepository(
      String source, String sourceNamespace, String path) {
    return new KustomizationSpecs(
        new NamespacedObjectKindReference(
            GitRepository.API_VERSION, GitRepository.KIND, source, sourceNamespace),
        path);
  }

  /** spec.wait; null leaves it unset. */
  public KustomizationSpecs withWait(Boolean w) {
    waitForHealth = w;
    return this;
  }

  public KustomizationSpecs withHealthCheckExprs(CustomHealthCheck... exprs) {
    healthCheckExprs = List.of(exprs);
    return this;
  }

  public KustomizationSpecs withDependsOn(DependencyReference... deps) {
    dependsOn = List.of(deps);
    return this;
  }

  public KustomizationSpecs withKubeConfig(KubeConfigReference ref) {
    kubeConfig = ref;
    return this;
  }

  public KustomizationSpecs withServiceAccountName(String sa) {
    serviceAccountName = sa;
    return this;
  }

  public KustomizationSpecs withTimeout(String t) {
    timeout = t;
    return this;
  }

  public KustomizationSpecs withIntervals(String interval, String retryInterval) {
    this.interval = interval;
    this.retryInterval = retryInterval;
    return this;
  }

  /** Sets the fields this builder has no wither for, after the others. */
  public KustomizationSpecs with(Consumer<KustomizationSpec.Builder> fields) {
    more = fields;
    return this;
  }

  public KustomizationSpec build() {
    return KustomizationSpec.of(
        b -> {
          b.sourceRef = sourceRef;
          b.path = path;
          b.interval = interval;
          b.retryInterval = retryInterval;
          b.timeout = timeout;
          b.prune = true;
          b.waitForHealth = waitForHealth;
          b.dependsOn = dependsOn;
          b.serviceAccountName = serviceAccountName;
          b.healthCheckExprs = healthCheckExprs;
          b.kubeConfig = kubeConfig;
          more.accept(b);
        });
  }

  public Kustomization create(KubernetesClient client, String name) {
    return create(client, "default", name);
  }

  public Kustomization create(KubernetesClient client, String namespace, String name) {
    Kustomization ks = new Kustomization();
    ks.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    ks.setSpec(build());
    return client.resource(ks).create();
  }

  /**
   * As a user editing Kustomization {@code default/name}: its spec becomes this one (retried on a
   * conflict with the controller's status writes).
   */
  public Kustomization replace(KubernetesClient client, String name) {
    return Edits.edit(
        resource(client, name),
        ks -> {
          ks.setSpec(build());
          return ks;
        });
  }

  /** Kustomization {@code default/name} on the API server, to read, edit, watch or delete. */
  public static Resource<Kustomization> resource(KubernetesClient client, String name) {
    return client.resources(Kustomization.class).inNamespace("default").withName(name);
  }

  public static Kustomization get(KubernetesClient client, String name) {
    return get(client, "default", name);
  }

  public static Kustomization get(KubernetesClient client, String namespace, String name) {
    return client.resources(Kustomization.class).inNamespace(namespace).withName(name).get();
  }

  public static Optional<Condition> condition(KubernetesClient client, String name, String type) {
    return condition(client, "default", name, type);
  }

  public static Optional<Condition> condition(
      KubernetesClient client, String namespace, String name, String type) {
    Kustomization ks = get(client, namespace, name);
    if (ks == null || ks.getStatus() == null || ks.getStatus().conditions() == null) {
      return Optional.empty();
    }
    return ks.getStatus().conditions().stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /** Waits until the Ready condition of Kustomization {@code default/name} passes {@code check}. */
  public static void awaitReady(KubernetesClient client, String name, Consumer<Condition> check) {
    await()
        .atMost(RunningControllers.CONVERGE)
        .untilAsserted(() -> check.accept(ready(client, name)));
  }

  /** Waits until the status of Kustomization {@code default/name} passes {@code check}. */
  public static void awaitStatus(
      KubernetesClient client, String name, Consumer<KustomizationStatus> check) {
    await()
        .atMost(RunningControllers.CONVERGE)
        .untilAsserted(() -> check.accept(get(client, name).getStatus()));
  }

  public static Condition ready(KubernetesClient client, String name) {
    Optional<Condition> c = condition(client, name, "Ready");
    assertThat(c).as("Ready of " + name).isPresent();
    return c.get();
  }
}
