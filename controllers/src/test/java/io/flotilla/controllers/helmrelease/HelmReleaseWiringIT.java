package io.flotilla.controllers.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.controllers.Controllers;
import io.flotilla.controllers.ReleaseChecks;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.source.artifact.ArtifactServer;
import io.flotilla.source.artifact.ArtifactStorage;
import io.flotilla.testkit.helm.ChartRepoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helm-controller wired into {@link Controllers} on the embedded API, with the in-memory
 * release engine: the finalizer, the generated HelmChart and waiting for its artifact, dependsOn,
 * the status written, and uninstall on deletion. (The real engine is exercised where it lives.)
 */
class HelmReleaseWiringIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  static final FakeReleases engine = new FakeReleases();

  @RegisterExtension
  static final RunningControllers cluster =
      RunningControllers.with(
          o -> o.withRequeueDependency(Duration.ofSeconds(1)).withHelmReleases(c -> engine));

  @TempDir static Path tmp;
  @AutoClose static ArtifactServer server;
  static ArtifactStorage storage;
  @AutoClose static ChartRepoServer charts;

  @BeforeAll
  static void start() throws Exception {
    charts = ChartRepoServer.withTestCharts(tmp.resolve("charts"));
    ArtifactStorage unbound = new ArtifactStorage(tmp.resolve("store"), "http://127.0.0.1");
    server = ArtifactServer.start(unbound, "127.0.0.1", 0);
    storage = unbound.withAdvertisedBaseUrl(server.baseUrl());
  }

  private static HelmRelease get(String name) {
    return cluster.get(HelmRelease.class, name);
  }

  /** The HelmChart generated for release {@code web}, null when there is none. */
  private static GenericKubernetesResource generatedChart() {
    return cluster
        .client()
        .genericKubernetesResources(ChartTemplate.HELM_CHARTS)
        .inNamespace("default")
        .withName("default-web")
        .get();
  }

  private static String ready(String name) {
    return ReleaseChecks.ready(get(name));
  }

  @Test
  void aReleaseFromAGeneratedHelmChartIsInstalledReportedAndUninstalledOnDeletion()
      throws Exception {
    cluster.apply(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: web, namespace: default}
        spec:
          interval: 10m
          chart:
            metadata: {labels: {team: web}}
            spec:
              chart: podinfo
              version: '6.x'
              sourceRef: {kind: HelmRepository, name: charts}
          values: {replicas: 2}
        """);

    // the HelmChart is generated and the release waits for its artifact
    await().atMost(CONVERGE).until(() -> generatedChart() != null);
    GenericKubernetesResource chart = generatedChart();
    assertThat(chart.getMetadata().getLabels()).containsEntry("team", "web");
    assertThat((Map<String, Object>) chart.getAdditionalProperties().get("spec"))
        .containsEntry("chart", "podinfo")
        .containsEntry("version", "6.x")
        .containsEntry("interval", "10m")
        .containsEntry("sourceRef", Map.of("kind", "HelmRepository", "name", "charts"));
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                ready("web") != null
                    && ready("web")
                        .startsWith(
                            "False SourceNotReady: HelmChart 'default/default-web' is not ready"));
    assertThat(get("web").getMetadata().getFinalizers()).contains("finalizers.fluxcd.io");

    // source-controller pulls 6.x (6.1.0: the newest stable) from the chart repository
    cluster.apply(ReleaseChecks.repositoryYaml("charts", charts.url(), "10m"));

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(ready("web"))
                  .isEqualTo(
                      "True InstallSucceeded: Helm install succeeded for release default/web.v1"
                          + " with chart podinfo@6.1.0");
              // the inventory comes with the reconcile's last status write, which may follow the
              // progress write that reported the install
              assertThat(get("web").getStatus().inventory()).isNotNull();
            });
    var status = get("web").getStatus();
    assertThat(status.helmChart()).isEqualTo("default/default-web");
    assertThat(status.storageNamespace()).isEqualTo("default");
    assertThat(status.lastAttemptedRevision()).isEqualTo("6.1.0");
    assertThat(status.lastAttemptedReleaseAction()).isEqualTo("install");
    assertThat(status.observedGeneration()).isEqualTo(get("web").getMetadata().getGeneration());
    assertThat(status.history()).singleElement().extracting(s -> s.status()).isEqualTo("deployed");
    assertThat(status.inventory().entries())
        .extracting(e -> e.id())
        .containsExactly("default_web__ConfigMap");
    assertThat(
            cluster.client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals("web"))
                .map(e -> e.getReason()))
        .contains("InstallSucceeded");

    cluster.client().resources(HelmRelease.class).inNamespace("default").withName("web").delete();

    await().atMost(CONVERGE).until(() -> get("web") == null);
    assertThat(engine.latest("default", "web")).isEmpty();
    assertThat(generatedChart()).isNull();
  }

  @Test
  void aReleaseWaitsForItsDependencies() {
    cluster.apply(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: app, namespace: default}
        spec:
          interval: 10m
          dependsOn: [{name: infra}]
          chartRef: {kind: OCIRepository, name: absent}
        """);

    await()
        .atMost(CONVERGE)
        .until(
            () ->
                "False DependencyNotReady: dependency 'default/infra' is not ready"
                    .equals(ready("app")));
    assertThat(get("app").getStatus().observedGeneration()).isEqualTo(-1L);
    List<Condition> conditions = get("app").getStatus().conditions();
    assertThat(conditions).extracting(Condition::type).doesNotContain("Stalled");
  }
}
