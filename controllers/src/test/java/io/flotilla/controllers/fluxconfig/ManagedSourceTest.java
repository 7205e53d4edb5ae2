package io.flotilla.controllers.fluxconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.fluxconfig.FluxConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which HelmReleases a configuration points at its GitRepository, and what it writes. */
class ManagedSourceTest {
  private static FluxConfig config() {
    FluxConfig config = new FluxConfig();
    config.setMetadata(
        new ObjectMetaBuilder().withName("cluster-config").withNamespace("cluster-config").build());
    return config;
  }

  private static HelmRelease release(String yaml) {
    return Serialization.unmarshal(yaml, HelmRelease.class);
  }

  private static final String ANNOTATED =
      """
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata:
        name: podinfo
        namespace: apps
        annotations:
          clusterconfig.azure.com/use-managed-source: "true"
        labels:
          kustomize.toolkit.fluxcd.io/name: cluster-config-apps
          kustomize.toolkit.fluxcd.io/namespace: cluster-config
      spec:
        interval: 5m
        chart:
          spec:
            chart: ./charts/podinfo
      """;

  @Test
  void anAnnotatedReleaseAppliedByTheConfigurationGetsOnlyTheSourceRef() {
    var patches =
        ManagedSource.patches(config(), Set.of("cluster-config-apps"), List.of(release(ANNOTATED)));

    assertThat(patches).hasSize(1);
    assertThat(Serialization.asYaml(patches.get(0)))
        .isEqualTo(
            """
            ---
            apiVersion: "helm.toolkit.fluxcd.io/v2"
            kind: "HelmRelease"
            metadata:
              name: "podinfo"
              namespace: "apps"
            spec:
              chart:
                spec:
                  sourceRef:
                    kind: "GitRepository"
                    name: "cluster-config"
                    namespace: "cluster-config"
            """);
  }

  @Test
  void releasesThatDoNotAskForItOrAreNotTheConfigurationsAreLeftAlone() {
    String withoutAnnotation =
        ANNOTATED.replace("clusterconfig.azure.com/use-managed-source: \"true\"", "a: b");
    String annotatedFalse = ANNOTATED.replace("\"true\"", "\"false\"");
    String otherKustomization = ANNOTATED.replace("name: cluster-config-apps", "name: other-apps");
    String otherNamespace =
        ANNOTATED.replace("namespace: cluster-config", "namespace: somewhere-else");
    String withChartRef =
        ANNOTATED.replace(
            "  chart:\n    spec:\n      chart: ./charts/podinfo\n",
            "  chartRef:\n    kind: OCIRepository\n    name: podinfo\n");

    var patches =
        ManagedSource.patches(
            config(),
            Set.of("cluster-config-apps"),
            List.of(
                release(withoutAnnotation),
                release(annotatedFalse),
                release(otherKustomization),
                release(otherNamespace),
                release(withChartRef)));

    assertThat(patches).isEmpty();
  }

  @Test
  void aReleaseAlreadyPointingAtTheGitRepositoryIsNotPatchedAgain() {
    String pointed =
        ANNOTATED
            + """
                  sourceRef:
                    kind: GitRepository
                    name: cluster-config
                    namespace: cluster-config
            """;
    String pointedElsewhere = pointed.replace("kind: GitRepository", "kind: HelmRepository");

    assertThat(
            ManagedSource.patches(
                config(), Set.of("cluster-config-apps"), List.of(release(pointed))))
        .isEmpty();
    assertThat(
            ManagedSource.patches(
                config(), Set.of("cluster-config-apps"), List.of(release(pointedElsewhere))))
        .hasSize(1);
  }
}
