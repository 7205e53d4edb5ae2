package io.flotilla.controllers.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.api.flux.helm.HelmRelease;
import org.junit.jupiter.api.Test;

/**
 * The helm-controller with the real release engine on the embedded API: a HelmRelease of the test
 * podinfo chart from a loopback chart repository is installed into another namespace (objects
 * there, Helm's storage in the release's own namespace, as helm-controller does), upgraded by a
 * spec change and uninstalled on deletion.
 */
class HelmReleaseIT extends WithHelmControllers {

  private static void podinfo(String version, String message) {
    f.release(
        "web",
        "podinfo",
        version,
        """
        targetNamespace: apps
        install: {createNamespace: true}
        values:
          ui: {message: "%s"}
        """
            .formatted(message));
  }

  private static void awaitReady(String expected) {
    await()
        .atMost(HelmFixture.CONVERGE)
        .untilAsserted(() -> assertThat(f.condition("web", "Ready")).isEqualTo(expected));
  }

  @Test
  void aReleaseIsInstalledUpgradedAndUninstalledInHelmsStorage() {
    podinfo("6.0.x", "hello");
    awaitReady(
        "True InstallSucceeded: Helm install succeeded for release apps/apps-web.v1"
            + " with chart podinfo@6.0.3");
    var status = f.hr("web").getStatus();
    assertThat(status.history()).singleElement().extracting(s -> s.status()).isEqualTo("deployed");
    assertThat(f.storage("default", "apps-web"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getType()).isEqualTo("helm.sh/release.v1");
              assertThat(s.getMetadata().getName()).isEqualTo("sh.helm.release.v1.apps-web.v1");
              assertThat(s.getMetadata().getLabels()).containsEntry("status", "deployed");
            });
    assertThat(f.client.apps().deployments().inNamespace("apps").withName("apps-web-podinfo").get())
        .isNotNull();

    podinfo("6.1.x", "hello again");
    awaitReady(
        "True UpgradeSucceeded: Helm upgrade succeeded for release apps/apps-web.v2"
            + " with chart podinfo@6.1.0");
    assertThat(f.hr("web").getStatus().history())
        .extracting(s -> s.version() + " " + s.status())
        .containsExactly("2 deployed", "1 superseded");

    f.client.resources(HelmRelease.class).inNamespace("default").withName("web").delete();
    await().atMost(HelmFixture.CONVERGE).until(() -> f.hr("web") == null);
    assertThat(f.storage("default", "apps-web")).isEmpty();
    assertThat(f.client.apps().deployments().inNamespace("apps").withName("apps-web-podinfo").get())
        .isNull();
  }
}
