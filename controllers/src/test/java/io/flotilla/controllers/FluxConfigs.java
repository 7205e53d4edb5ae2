package io.flotilla.controllers;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flotilla.api.arm.GitRepositoryDefinition;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.api.arm.RepositoryRefDefinition;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.api.fluxconfig.FluxConfigSpec;
import java.util.Map;

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
    FluxConfig config = new FluxConfig();
    config.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    config.setSpec(
        new FluxConfigSpec(
            "/subscriptions/s/resourceGroups/g/providers/Microsoft.Kubernetes/connectedClusters/c"
                + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/"
                + name,
            1L,
            "cluster",
            "GitRepository",
            false,
            new GitRepositoryDefinition(
                url,
                timeoutSeconds,
                syncIntervalSeconds,
                new RepositoryRefDefinition("main", null, null, null),
                null,
                null,
                null,
                null,
                null),
            null,
            null,
            null,
            kustomizations,
            null));
    return config;
  }
}
