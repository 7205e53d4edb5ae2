package io.flotilla.controllers.fluxconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.arm.ObjectStatusDefinition.ObjectReferenceDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppliedObjectsTest {
  @Test
  void onlyFluxKindsOfAnInventoryAreReported() {
    assertThat(AppliedObjects.parse("apps_podinfo_helm.toolkit.fluxcd.io_HelmRelease", "v2"))
        .hasValue(
            new AppliedObjects.Ref(
                "apps", "podinfo", "helm.toolkit.fluxcd.io", "HelmRelease", "v2"));
    assertThat(
            AppliedObjects.parse("flux-system_charts_source.toolkit.fluxcd.io_HelmRepository", "v1")
                .orElseThrow()
                .apiVersion())
        .isEqualTo("source.toolkit.fluxcd.io/v1");
    assertThat(AppliedObjects.parse("demo_web_apps_Deployment", "v1")).isEmpty();
    assertThat(AppliedObjects.parse("_demo__Namespace", "v1")).isEmpty();
    assertThat(AppliedObjects.parse("garbage", "v1")).isEmpty();
  }

  @Test
  void helmReleasePropertiesComeFromTheReleaseStatus() {
    var p =
        AppliedObjects.helmRelease(
            Map.of(
                "history", List.of(Map.of("version", 4, "chartVersion", "6.0.0")),
                "helmChart", "flux-system/apps-podinfo",
                "failures", 2,
                "installFailures", 0,
                "upgradeFailures", 1));
    assertThat(p.lastRevisionApplied()).isEqualTo(4L);
    assertThat(p.helmChartRef())
        .isEqualTo(new ObjectReferenceDefinition("apps-podinfo", "flux-system"));
    assertThat(p.failureCount()).isEqualTo(2L);
    assertThat(p.installFailureCount()).isZero();
    assertThat(p.upgradeFailureCount()).isEqualTo(1L);
    assertThat(AppliedObjects.helmRelease(Map.of("lastReleaseRevision", 7)).lastRevisionApplied())
        .isEqualTo(7L);
  }

  @Test
  void aReleasesGeneratedChartIsReportedWithIt() {
    var release = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    release.setKind("HelmRelease");
    release.setAdditionalProperty("status", Map.of("helmChart", "cluster-config-ns/nginx-chart"));
    assertThat(AppliedObjects.generatedChart(release))
        .hasValue(
            new AppliedObjects.Ref(
                "cluster-config-ns", "nginx-chart", "source.toolkit.fluxcd.io", "HelmChart", "v1"));
    release.setAdditionalProperty("status", Map.of("helmChart", "no-namespace"));
    assertThat(AppliedObjects.generatedChart(release)).isEmpty();
    release.setAdditionalProperty("status", Map.of());
    assertThat(AppliedObjects.generatedChart(release)).isEmpty();
    var kustomization = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    kustomization.setKind("Kustomization");
    kustomization.setAdditionalProperty("status", Map.of("helmChart", "a/b"));
    assertThat(AppliedObjects.generatedChart(kustomization)).isEmpty();
  }

  @Test
  void notificationObjectsAreReportedAndAStatuslessProviderOrAlertCountsAsCompliant() {
    assertThat(
            AppliedObjects.parse("apps_slack_notification.toolkit.fluxcd.io_Provider", "v1beta3"))
        .hasValue(
            new AppliedObjects.Ref(
                "apps", "slack", "notification.toolkit.fluxcd.io", "Provider", "v1beta3"));
    var ks = new io.flotilla.api.flux.kustomize.Kustomization();
    ks.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("infra")
            .withNamespace("apps")
            .build());
    var alert = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    alert.setApiVersion("notification.toolkit.fluxcd.io/v1beta3");
    alert.setKind("Alert");
    alert.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("on-call")
            .withNamespace("apps")
            .withGeneration(1L)
            .build());
    assertThat(AppliedObjects.status(alert, ks, false, raw -> List.of()).complianceState())
        .isEqualTo("Compliant");
    assertThat(AppliedObjects.status(alert, ks, true, raw -> List.of()).complianceState())
        .isEqualTo("Suspended");
    // a Receiver has a Ready condition: without one yet it is not known
    var receiver = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    receiver.setApiVersion("notification.toolkit.fluxcd.io/v1");
    receiver.setKind("Receiver");
    receiver.setMetadata(alert.getMetadata());
    assertThat(AppliedObjects.status(receiver, ks, false, raw -> List.of()).complianceState())
        .isEqualTo("Unknown");
  }
}
