package io.flotilla.controllers.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.flotilla.api.flux.helm.HelmRelease;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;

/**
 * Drift detection with the real engine: a {@code kubectl edit} of a released Deployment (replicas)
 * and ConfigMap (data), a merge patch under another field manager, is detected (event DriftDetected
 * naming the objects) and corrected (DriftCorrected) under {@code mode: enabled}; reported but left
 * under {@code warn}; {@code ignore} rules and the per-object annotation skip what they name; a
 * deleted released object is recreated; the microsoft.flux setting {@code
 * helm-controller.detectDrift=true} enables it for releases that do not say otherwise.
 */
class HelmDriftIT extends WithHelmControllers {
  private static void podinfo(String name, String driftDetection) {
    f.release(name, "podinfo", "6.0.3", "values:\n  ui: {message: released}\n" + driftDetection);
    f.awaitReady(name);
  }

  /** What {@code kubectl edit} sends: a merge patch under its own field manager. */
  private static void edit(String name, int replicas, String message) {
    PatchContext kubectlEdit =
        new PatchContext.Builder()
            .withPatchType(PatchType.JSON_MERGE)
            .withFieldManager("kubectl-edit")
            .build();
    String fullName = name + "-podinfo";
    f.client
        .apps()
        .deployments()
        .inNamespace("default")
        .withName(fullName)
        .patch(kubectlEdit, "{\"spec\":{\"replicas\":%d}}".formatted(replicas));
    f.client
        .configMaps()
        .inNamespace("default")
        .withName(fullName)
        .patch(kubectlEdit, "{\"data\":{\"PODINFO_UI_MESSAGE\":\"%s\"}}".formatted(message));
  }

  /** {@code flux reconcile helmrelease}: the requestedAt annotation. */
  private static void reconcileNow(String name) {
    f.requestReconcile(HelmRelease.API_VERSION, HelmRelease.KIND, name);
  }

  private static int replicas(String name) {
    return f.deployment(name + "-podinfo").getSpec().getReplicas();
  }

  private static String message(String name) {
    return f.configMap(name + "-podinfo").getData().get("PODINFO_UI_MESSAGE");
  }

  private static void awaitEvent(String name, String text) {
    awaitEvent(name, e -> assertThat(e).contains(text));
  }

  private static void awaitEvent(String name, ThrowingConsumer<String> event) {
    await()
        .atMost(HelmFixture.CONVERGE)
        .untilAsserted(() -> assertThat(f.events(name)).as(() -> f.dump(name)).anySatisfy(event));
  }

  /** Waits for a DriftCorrected event that names {@code object}'s line. */
  private static void awaitCorrected(String name, String object) {
    String corrected =
        "Normal DriftCorrected: Cluster state of release default/%s.v1 has been corrected:\n"
            .formatted(name);
    awaitEvent(name, e -> assertThat(e).startsWith(corrected).contains(object));
  }

  @Test
  void enabledDetectsReportsAndCorrectsAnEdit() {
    podinfo("fixed", "driftDetection: {mode: enabled}");
    edit("fixed", 3, "edited");
    reconcileNow("fixed");
    awaitEvent(
        "fixed",
        "Warning DriftDetected: Cluster state of release default/fixed.v1 has drifted from the"
            + " desired state:\n");
    // A periodic reconcile may fall between the two edits; then each drift has its own events.
    awaitCorrected("fixed", "Deployment/default/fixed-podinfo configured");
    awaitCorrected("fixed", "ConfigMap/default/fixed-podinfo configured");
    assertThat(f.events("fixed"))
        .filteredOn(e -> e.contains("DriftDetected"))
        .anySatisfy(e -> assertThat(e).contains("Deployment/default/fixed-podinfo changed"))
        .anySatisfy(e -> assertThat(e).contains("ConfigMap/default/fixed-podinfo changed"));
    assertThat(replicas("fixed")).isEqualTo(1);
    assertThat(message("fixed")).isEqualTo("released");
    assertThat(f.history("fixed")).containsExactly("1 deployed");
    f.awaitCondition("fixed", "Ready", "True InstallSucceeded");
  }

  @Test
  void aDeletedReleasedObjectIsRecreated() {
    podinfo("gone", "driftDetection: {mode: enabled}");
    f.client.services().inNamespace("default").withName("gone-podinfo").delete();
    await()
        .until(
            () ->
                f.client.services().inNamespace("default").withName("gone-podinfo").get() == null);
    reconcileNow("gone");
    awaitEvent("gone", "Service/default/gone-podinfo removed");
    await()
        .atMost(HelmFixture.CONVERGE)
        .until(
            () ->
                f.client.services().inNamespace("default").withName("gone-podinfo").get() != null);
    awaitEvent("gone", "Service/default/gone-podinfo created");
  }

  @Test
  void warnReportsWithoutCorrecting() {
    podinfo("warned", "driftDetection: {mode: warn}");
    edit("warned", 3, "edited");
    reconcileNow("warned");
    awaitEvent("warned", "Warning DriftDetected: Cluster state of release default/warned.v1");
    assertThat(f.events("warned")).noneSatisfy(e -> assertThat(e).contains("DriftCorrected"));
    assertThat(replicas("warned")).isEqualTo(3);
    assertThat(message("warned")).isEqualTo("edited");
  }

  @Test
  void ignoreRulesAndTheAnnotationSkipWhatTheyName() {
    podinfo(
        "partial",
        """
        driftDetection:
          mode: enabled
          ignore:
            - paths: ["/spec/replicas"]
              target: {kind: Deployment}
        """);
    f.client
        .services()
        .inNamespace("default")
        .withName("partial-podinfo")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager("kubectl-edit")
                .build(),
            """
            {"metadata":{"annotations":{"helm.toolkit.fluxcd.io/driftDetection":"disabled"}},
             "spec":{"ports":[{"name":"http","port":8080,"targetPort":"http","protocol":"TCP"}]}}
            """);
    edit("partial", 3, "edited");
    reconcileNow("partial");
    awaitEvent("partial", "Normal DriftCorrected: Cluster state of release default/partial.v1");
    assertThat(message("partial")).isEqualTo("released");
    assertThat(replicas("partial")).isEqualTo(3);
    assertThat(
            f.client
                .services()
                .inNamespace("default")
                .withName("partial-podinfo")
                .get()
                .getSpec()
                .getPorts())
        .extracting(p -> p.getPort())
        .containsExactly(8080);
    assertThat(f.events("partial"))
        .filteredOn(e -> e.contains("DriftDetected"))
        .allSatisfy(
            e ->
                assertThat(e)
                    .contains("ConfigMap/default/partial-podinfo changed")
                    .doesNotContain("Deployment/")
                    .doesNotContain("Service/"));
  }

  @Test
  void theExtensionSettingEnablesDetectionForReleasesThatDoNotSayOtherwise() {
    podinfo("bydefault", "");
    podinfo("optedout", "driftDetection: {mode: disabled}");
    f.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: flux-system}\n");
    f.apply(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: flux-extension-settings, namespace: flux-system}
        data: {helm-controller.detectDrift: "true"}
        """);
    edit("bydefault", 3, "edited");
    edit("optedout", 3, "edited");
    await()
        .atMost(HelmFixture.CONVERGE)
        .untilAsserted(
            () -> {
              reconcileNow("bydefault");
              assertThat(replicas("bydefault")).as(() -> f.dump("bydefault")).isEqualTo(1);
            });
    assertThat(message("bydefault")).isEqualTo("released");
    reconcileNow("optedout");
    await()
        .atMost(HelmFixture.CONVERGE)
        .until(
            () -> {
              HelmRelease hr = f.hr("optedout");
              return hr.getStatus().lastHandledReconcileAt() != null
                  && hr.getStatus()
                      .lastHandledReconcileAt()
                      .equals(
                          hr.getMetadata().getAnnotations().get("reconcile.fluxcd.io/requestedAt"));
            });
    assertThat(replicas("optedout")).isEqualTo(3);
    assertThat(message("optedout")).isEqualTo("edited");
  }
}
