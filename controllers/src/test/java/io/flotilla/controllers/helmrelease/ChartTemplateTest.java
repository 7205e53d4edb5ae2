package io.flotilla.controllers.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.ReconcileException;
import org.junit.jupiter.api.Test;

/** A chart template without a source: waited for under use-managed-source, refused otherwise. */
class ChartTemplateTest {
  private static HelmRelease release(String annotations, String sourceRef) {
    return Serialization.unmarshal(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: podinfo
          namespace: default
          annotations: {%s}
        spec:
          interval: 10m
          chart:
            spec:
              chart: ./charts/podinfo
              %s
        """
            .formatted(annotations, sourceRef),
        HelmRelease.class);
  }

  @Test
  void aTemplateWithItsSourceNeedsNoWait() throws ReconcileException {
    assertThat(
            ChartTemplate.awaitsManagedSource(
                release("", "sourceRef: {kind: GitRepository, name: cfg}")))
        .isFalse();
  }

  @Test
  void aManagedSourceTemplateWaitsForTheConfigurationToFillItsSourceIn() throws ReconcileException {
    assertThat(
            ChartTemplate.awaitsManagedSource(
                release("clusterconfig.azure.com/use-managed-source: \"true\"", "")))
        .isTrue();
    assertThat(ChartTemplate.AWAITING_MANAGED_SOURCE)
        .startsWith("spec.chart.spec.sourceRef is not set yet")
        .contains("clusterconfig.azure.com/use-managed-source");
  }

  @Test
  void anyOtherTemplateWithoutSourceKindOrNameIsRefusedByName() {
    for (HelmRelease hr :
        new HelmRelease[] {
          release("", ""),
          release("clusterconfig.azure.com/use-managed-source: \"false\"", ""),
          release("", "sourceRef: {name: cfg}")
        }) {
      assertThatThrownBy(() -> ChartTemplate.awaitsManagedSource(hr))
          .isInstanceOfSatisfying(
              ReconcileException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reasons.INVALID_CHART_REFERENCE);
                assertThat(e.terminal()).isTrue();
                assertThat(e.getMessage())
                    .isEqualTo(
                        "spec.chart.spec.sourceRef needs a kind and a name: set it to the"
                            + " HelmRepository, GitRepository or Bucket that holds chart"
                            + " './charts/podinfo'");
              });
    }
  }
}
