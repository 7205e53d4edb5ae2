package io.flotilla.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flotilla.api.arm.GitRepositoryDefinition;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.api.arm.ObjectStatusDefinition;
import io.flotilla.api.arm.RepositoryRefDefinition;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.api.fluxconfig.FluxConfigSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** FluxConfigs as the agent writes them, for the ITs that play the agent. */
public final class FluxConfigs {
  private FluxConfigs() {}

  /**
   * {@code <ns>/<name>}: scope cluster, version 1, not suspended, the Git repository at {@code url}
   * on branch {@code main} with the given timeout and sync interval, and these Kustomizations.
   */
  public static FluxConfig onMainBranch(
      String ns,
      String name,
      String url,
      long timeoutSeconds,
      long syncIntervalSeconds,
      Map<String, KustomizationDefinition> kustomizations) {
    return of(
        ns,
        name,
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Kubernetes/connectedClusters/c"
            + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/"
            + name,
        1L,
        mainBranch(url, timeoutSeconds, syncIntervalSeconds, null),
        kustomizations);
  }

  /**
   * The ITs' usual kustomization: pruned, not waiting for health, a 30 s timeout and a 2 s retry,
   * synced every {@code syncIntervalSeconds}.
   */
  public static KustomizationDefinition pruned(String name, String path, long syncIntervalSeconds) {
    return kustomization(name, path, 30L, syncIntervalSeconds)
        .with(
            k -> {
              k.retryIntervalInSeconds = 2L;
              k.waitForHealth = false;
            });
  }

  /** The tutorial's Kustomizations, in order: {@code infra}, then {@code apps} depending on it. */
  public static Map<String, KustomizationDefinition> infraThenApps(
      KustomizationDefinition infra, KustomizationDefinition apps) {
    Map<String, KustomizationDefinition> ks = new LinkedHashMap<>();
    ks.put("infra", infra);
    ks.put("apps", apps.with(k -> k.dependsOn = List.of("infra")));
    return ks;
  }

  /** Kustomization {@code name} of {@code path}, pruned, with this timeout and sync interval. */
  public static KustomizationDefinition kustomization(
      String name, String path, long timeoutSeconds, long syncIntervalSeconds) {
    return KustomizationDefinition.of(name, path)
        .with(
            k -> {
              k.timeoutInSeconds = timeoutSeconds;
              k.syncIntervalInSeconds = syncIntervalSeconds;
              k.prune = true;
            });
  }

  /** {@code <ns>/<name>} as ARM resource {@code resourceId} at {@code version}, scope cluster. */
  public static FluxConfig of(
      String ns,
      String name,
      String resourceId,
      long version,
      GitRepositoryDefinition git,
      Map<String, KustomizationDefinition> kustomizations) {
    return of(ns, name, resourceId, version, "cluster", git, kustomizations);
  }

  /** {@link #of}, of {@code scope} ({@code cluster} or {@code namespace}). */
  public static FluxConfig of(
      String ns,
      String name,
      String resourceId,
      long version,
      String scope,
      GitRepositoryDefinition git,
      Map<String, KustomizationDefinition> kustomizations) {
    FluxConfig config = new FluxConfig();
    config.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    config.setSpec(
        FluxConfigSpec.of(resourceId, version, scope, kustomizations)
            .with(
                s -> {
                  s.sourceKind = "GitRepository";
                  s.gitRepository = git;
                }));
    return config;
  }

  /** Branch {@code main} of {@code url}; {@code knownHosts} (base64) null but for ssh. */
  public static GitRepositoryDefinition mainBranch(
      String url, long timeoutSeconds, long syncIntervalSeconds, String knownHosts) {
    return new GitRepositoryDefinition(
        url,
        timeoutSeconds,
        syncIntervalSeconds,
        new RepositoryRefDefinition("main", null, null, null),
        knownHosts,
        null,
        null,
        null,
        null);
  }

  /**
   * Waits until FluxConfig {@code default/name} of {@code cluster} has a status and passes {@code
   * check}.
   */
  public static void awaitStatus(
      RunningControllers cluster, String name, Consumer<FluxConfig> check) {
    await()
        .atMost(RunningControllers.CONVERGE)
        .untilAsserted(
            () -> {
              FluxConfig c = cluster.get(FluxConfig.class, name);
              assertThat(c.getStatus()).isNotNull();
              check.accept(c);
            });
  }

  /** Asserts that {@code config} reports itself Compliant (showing its status when not). */
  public static void assertCompliant(FluxConfig config) {
    assertThat(config.getStatus().complianceState())
        .as(String.valueOf(config.getStatus()))
        .isEqualTo("Compliant");
  }

  /** The configuration's status entry for its object of {@code kind}. */
  public static ObjectStatusDefinition status(FluxConfig config, String kind) {
    return config.getStatus().statuses().stream()
        .filter(s -> s.kind().equals(kind))
        .findFirst()
        .orElseThrow();
  }
}
