package io.flotilla.controllers.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.api.flux.helm.HelmReleaseStatus;
import org.junit.jupiter.api.Test;

/**
 * Tests and remediation with the real engine and the simulated kubelet (an image tagged {@code
 * fail} fails its Pod or Job): the podinfo chart's test hook passes (TestSuccess, testHooks in
 * history) or fails (TestFailed; rolled back under {@code upgrade.remediation.retries}, ignored
 * under {@code ignoreFailures}); a failing pre-install hook fails the install naming the hook, and
 * {@code install.remediation.retries} uninstalls and retries until no retries remain.
 */
class HelmTestRemediationIT extends WithHelmControllers {
  private static final String FAILING_CURL = "values:\n  tests: {image: 'curlimages/curl:fail'}\n";

  private static HelmReleaseStatus status(String name) {
    return f.hr(name).getStatus();
  }

  @Test
  void aPassingTestHookMakesTestSuccessTrueAndIsRecordedInHistory() {
    f.release("tested", "podinfo", "6.0.3", "test: {enable: true}\n");
    f.awaitReady("tested");
    // read again until no later reconcile is marking itself in progress
    await()
        .atMost(HelmFixture.CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(f.condition("tested", "TestSuccess")).startsWith("True TestSucceeded: ");
              assertThat(f.ready("tested")).startsWith("True TestSucceeded: ");
            });
    assertThat(status("tested").history().get(0).testHooks())
        .containsOnlyKeys("tested-podinfo-test-connection")
        .allSatisfy((k, v) -> assertThat(v.phase()).isEqualTo("Succeeded"));
  }

  @Test
  void aFailingTestAfterAnUpgradeIsRemediatedByRollback() {
    String spec = "test: {enable: true}\nupgrade: {remediation: {retries: 1}}\n";
    f.release("rolled", "podinfo", "6.0.3", spec);
    f.awaitReady("rolled");
    f.release("rolled", "podinfo", "6.0.3", spec + FAILING_CURL);
    f.awaitCondition("rolled", "Stalled", "True RetriesExceeded: ");
    assertThat(f.condition("rolled", "Remediated")).startsWith("True RollbackSucceeded: ");
    assertThat(f.condition("rolled", "TestSuccess")).startsWith("False TestFailed: ");
    assertThat(f.ready("rolled")).startsWith("False ");
    assertThat(status("rolled").upgradeFailures()).isEqualTo(2L);
    var latest = f.storage("default", "rolled").get(0);
    assertThat(latest.getMetadata().getLabels()).containsEntry("status", "deployed");
    assertThat(HelmFixture.release(latest).path("info").path("description").asText())
        .startsWith("Rollback to ");
    assertThat(HelmFixture.release(latest).path("config").path("tests").isMissingNode()).isTrue();
    assertThat(f.events("rolled")).anySatisfy(e -> assertThat(e).startsWith("Warning TestFailed"));
  }

  @Test
  void ignoreFailuresKeepsAReleaseWithAFailingTestReady() {
    f.release(
        "lenient",
        "podinfo",
        "6.0.3",
        "test: {enable: true, ignoreFailures: true}\n" + FAILING_CURL);
    f.awaitReady("lenient");
    f.awaitCondition("lenient", "Ready", "True InstallSucceeded: ");
    assertThat(f.condition("lenient", "TestSuccess")).startsWith("False TestFailed: ");
    assertThat(f.condition("lenient", "Remediated")).isNull();
    assertThat(f.history("lenient")).containsExactly("1 deployed");
  }

  @Test
  void aFailingPreInstallHookFailsTheInstallAndIsRemediatedByUninstall() {
    f.release(
        "hooked",
        "ingress-nginx",
        "4.10.1",
        """
        install: {remediation: {retries: 1}}
        values:
          controller:
            service: {type: NodePort}
            admissionWebhooks:
              patch: {image: 'registry.k8s.io/ingress-nginx/kube-webhook-certgen:fail'}
        """);
    f.awaitCondition("hooked", "Stalled", "True RetriesExceeded: ");
    assertThat(f.condition("hooked", "Released"))
        .startsWith("False InstallFailed: ")
        .contains("pre-install hook Job/default/hooked-ingress-nginx-admission-create failed");
    assertThat(f.events("hooked"))
        .anySatisfy(e -> assertThat(e).startsWith("Normal UninstallSucceeded"));
    assertThat(status("hooked").installFailures()).isEqualTo(2L);
    assertThat(status("hooked").failures()).isGreaterThanOrEqualTo(2L);
    assertThat(f.client.apps().deployments().inNamespace("default").list().getItems())
        .noneSatisfy(d -> assertThat(d.getMetadata().getName()).startsWith("hooked-"));
  }
}
