package io.flotilla.controllers;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Installs the CRDs generated from the api types and waits until they are established. */
public final class Crds {
  private static final List<String> FILES =
      List.of(
          "gitrepositories.source.toolkit.fluxcd.io-v1.yml",
          "buckets.source.toolkit.fluxcd.io-v1.yml",
          "ocirepositories.source.toolkit.fluxcd.io-v1.yml",
          "helmrepositories.source.toolkit.fluxcd.io-v1.yml",
          "helmcharts.source.toolkit.fluxcd.io-v1.yml",
          "kustomizations.kustomize.toolkit.fluxcd.io-v1.yml",
          "helmreleases.helm.toolkit.fluxcd.io-v1.yml",
          "fluxconfigs.clusterconfig.azure.com-v1.yml");

  private Crds() {}

  public static void install(KubernetesClient client) {
    for (String file : FILES) {
      try (InputStream in = Crds.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
        if (in == null) {
          throw new IllegalStateException(
              "CRD " + file + " is missing from the classpath; rebuild the api module");
        }
        CustomResourceDefinition crd =
            client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        client.resource(crd).fieldManager("flotilla").forceConflicts().serverSideApply();
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(crd.getMetadata().getName())
            .waitUntilCondition(
                c ->
                    c != null
                        && c.getStatus() != null
                        && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream()
                            .anyMatch(
                                x ->
                                    "Established".equals(x.getType())
                                        && "True".equals(x.getStatus())),
                30,
                TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
