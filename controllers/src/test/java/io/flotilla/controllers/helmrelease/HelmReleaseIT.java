package io.flotilla.controllers.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.controllers.Crds;
import io.flotilla.testkit.TestKube;
import io.flotilla.testkit.helm.ChartRepoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helm-controller with the real release engine on the embedded API: a HelmRelease of the test
 * podinfo chart from a loopback chart repository is installed into another namespace (objects
 * there, Helm's storage in the release's own namespace, as helm-controller does), upgraded by a
 * spec change and uninstalled on deletion.
 */
class HelmReleaseIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  @TempDir static Path tmp;
  static TestKube kube;
  static KubernetesClient client;
  static Controllers controllers;
  static ChartRepoServer charts;

  @BeforeAll
  static void start() {
    kube = TestKube.start();
    client = kube.client();
    Crds.install(client);
    charts = ChartRepoServer.withTestCharts(tmp.resolve("charts"));
    controllers =
        Controllers.start(
            client,
            ControllerOptions.defaults(tmp.resolve("data"))
                .withRequeueDependency(Duration.ofSeconds(1)));
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmRepository
                metadata: {name: charts, namespace: default}
                spec: {interval: 10m, url: "%s"}
                """
                    .formatted(charts.url()),
                GenericKubernetesResource.class))
        .create();
  }

  @AfterAll
  static void stop() {
    if (controllers != null) controllers.close();
    if (charts != null) charts.close();
    if (kube != null) kube.close();
  }

  private static HelmRelease get(String name) {
    return client.resources(HelmRelease.class).inNamespace("default").withName(name).get();
  }

  private static String ready(String name) {
    HelmRelease hr = get(name);
    if (hr == null || hr.getStatus() == null || hr.getStatus().conditions() == null) {
      return null;
    }
    return hr.getStatus().conditions().stream()
        .filter(c -> c.type().equals("Ready"))
        .map(c -> c.status() + " " + c.reason() + ": " + c.message())
        .findFirst()
        .orElse(null);
  }

  private static void apply(String version, String message) {
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: web, namespace: default}
                spec:
                  interval: 10m
                  targetNamespace: apps
                  install: {createNamespace: true}
                  chart:
                    spec:
                      chart: podinfo
                      version: '%s'
                      sourceRef: {kind: HelmRepository, name: charts}
                  values:
                    ui: {message: "%s"}
                """
                    .formatted(version, message),
                HelmRelease.class))
        .serverSideApply();
  }

  private static List<Secret> storage() {
    return client
        .secrets()
        .inNamespace("default")
        .withLabel("owner", "helm")
        .withLabel("name", "apps-web")
        .list()
        .getItems();
  }

  @Test
  void aReleaseIsInstalledUpgradedAndUninstalledInHelmsStorage() {
    apply("6.0.x", "hello");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(ready("web"))
                    .isEqualTo(
                        "True InstallSucceeded: Helm install succeeded for release apps/apps-web.v1"
                            + " with chart podinfo@6.0.3"));
    var status = get("web").getStatus();
    assertThat(status.history()).singleElement().extracting(s -> s.status()).isEqualTo("deployed");
    assertThat(storage())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getType()).isEqualTo("helm.sh/release.v1");
              assertThat(s.getMetadata().getName()).isEqualTo("sh.helm.release.v1.apps-web.v1");
              assertThat(s.getMetadata().getLabels()).containsEntry("status", "deployed");
            });
    assertThat(client.apps().deployments().inNamespace("apps").withName("apps-web-podinfo").get())
        .isNotNull();

    apply("6.1.x", "hello again");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(ready("web"))
                    .isEqualTo(
                        "True UpgradeSucceeded: Helm upgrade succeeded for release apps/apps-web.v2"
                            + " with chart podinfo@6.1.0"));
    assertThat(get("web").getStatus().history())
        .extracting(s -> s.version() + " " + s.status())
        .containsExactly("2 deployed", "1 superseded");

    client.resources(HelmRelease.class).inNamespace("default").withName("web").delete();
    await().atMost(CONVERGE).until(() -> get("web") == null);
    assertThat(storage()).isEmpty();
    assertThat(client.apps().deployments().inNamespace("apps").withName("apps-web-podinfo").get())
        .isNull();
  }
}
