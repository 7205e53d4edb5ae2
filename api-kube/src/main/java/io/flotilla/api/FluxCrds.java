package io.flotilla.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CRDs of the Flux kinds and of FluxConfig, generated from the api types at build ({@code
 * META-INF/fabric8}): installed by the controllers when they start and by the agent with the {@code
 * microsoft.flux} extension, removed by the agent when that extension is deleted.
 */
public final class FluxCrds {
  /** The CRDs' names, in install order. */
  public static final List<String> NAMES =
      List.of(
          "gitrepositories.source.toolkit.fluxcd.io",
          "buckets.source.toolkit.fluxcd.io",
          "ocirepositories.source.toolkit.fluxcd.io",
          "helmrepositories.source.toolkit.fluxcd.io",
          "helmcharts.source.toolkit.fluxcd.io",
          "kustomizations.kustomize.toolkit.fluxcd.io",
          "helmreleases.helm.toolkit.fluxcd.io",
          "providers.notification.toolkit.fluxcd.io",
          "alerts.notification.toolkit.fluxcd.io",
          "receivers.notification.toolkit.fluxcd.io",
          "imagerepositories.image.toolkit.fluxcd.io",
          "imagepolicies.image.toolkit.fluxcd.io",
          "imageupdateautomations.image.toolkit.fluxcd.io",
          "fluxconfigs.clusterconfig.azure.com");

  private FluxCrds() {}

  /** One CRD as generated, by its name. */
  public static CustomResourceDefinition load(KubernetesClient client, String name) {
    String file = "/META-INF/fabric8/" + name + "-v1.yml";
    try (InputStream in = FluxCrds.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException(
            "CRD " + file + " is missing from the classpath; rebuild the api module");
      }
      return client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies every CRD and waits until each is established. */
  public static void install(KubernetesClient client) {
    for (String name : NAMES) {
      apply(client, name);
    }
  }

  /**
   * Applies one CRD of this module by name (a Flux one or another, such as {@code
   * gitopsclusters.gitops.weave.works}) and waits until it is established.
   */
  public static void apply(KubernetesClient client, String name) {
    client.resource(load(client, name)).fieldManager("flotilla").forceConflicts().serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(name)
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            30,
            TimeUnit.SECONDS);
  }
}
