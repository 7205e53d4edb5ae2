package io.flotilla.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flotilla.testkit.TestKube;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * A client that acts as an installed component's service account, with a token the API issued for
 * it, as the component's pod would: what it may do is what the install granted, no more.
 */
final class InstalledAs {
  private InstalledAs() {}

  static KubernetesClient serviceAccount(TestKube kube, String name) {
    Config config =
        new ConfigBuilder()
            .withMasterUrl(kube.api().url())
            .withOauthToken(kube.api().serviceAccountToken("flux-system", name))
            .build();
    config.setOnlyHttpWatches(true);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The controller's Deployment as the install left it. */
  static Deployment controller(KubernetesClient client) {
    return client
        .apps()
        .deployments()
        .inNamespace("flux-system")
        .withName("flotilla-controller")
        .get();
  }

  /** Waits until the install made {@code name}'s service account and the FluxConfig CRD. */
  static void awaitInstalled(TestKube kube, String name) {
    Awaitility.await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                kube.client().serviceAccounts().inNamespace("flux-system").withName(name).get()
                        != null
                    && kube.client()
                            .apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .withName("fluxconfigs.clusterconfig.azure.com")
                            .get()
                        != null);
  }
}
