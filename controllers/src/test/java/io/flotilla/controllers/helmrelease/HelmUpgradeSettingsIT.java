package io.flotilla.controllers.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.flotilla.api.flux.helm.HelmRelease;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Settings of {@code install} and {@code upgrade} a user changes between releases: a chart renamed
 * under {@code chartNameChangeStrategy} (Reinstall by default, InPlaceUpdate keeps the release), a
 * manifest field the schema lacks (dropped, as Helm's install leaves it to the server), and the
 * settings the engine does not implement, refused by name instead of ignored.
 */
class HelmUpgradeSettingsIT extends WithHelmControllers {
  /** The same object whatever the chart's name, so a rename can keep or replace it. */
  private static final String SHARED_CONFIGMAP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: {{ .Release.Name }}-config
      data:
        chart: {{ .Chart.Name }}
      """;

  private static final String UNDECLARED_FIELD =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: {{ .Release.Name }}-config
        colour: blue
      data:
        greeting: hello
      """;

  @BeforeAll
  static void publishCharts() {
    for (String name : List.of("alpha", "beta")) {
      f.charts.publish(HelmBadInputIT.chart(tmp.resolve("own"), name, "1.0.0", SHARED_CONFIGMAP));
    }
    f.charts.publish(HelmBadInputIT.chart(tmp.resolve("own"), "loose", "1.0.0", UNDECLARED_FIELD));
    f.refreshRepository();
  }

  private static String configUid(String release) {
    ConfigMap cm = f.configMap(release + "-config");
    return cm == null ? null : cm.getMetadata().getUid();
  }

  private static String configChart(String release) {
    return f.configMap(release + "-config").getData().get("chart");
  }

  @Test
  void aRenamedChartIsUpgradedInPlaceUnderInPlaceUpdate() {
    String strategy = "upgrade: {chartNameChangeStrategy: InPlaceUpdate}";
    f.release("inplace", "alpha", "1.0.0", strategy);
    f.awaitReady("inplace");
    String uid = configUid("inplace");

    f.release("inplace", "beta", "1.0.0", strategy);
    f.awaitCondition(
        "inplace",
        "Ready",
        "True UpgradeSucceeded: Helm upgrade succeeded for release"
            + " default/inplace.v2 with chart beta@1.0.0");
    assertThat(f.history("inplace")).containsExactly("2 deployed", "1 superseded");
    assertThat(configUid("inplace")).as("the object is kept, not recreated").isEqualTo(uid);
    assertThat(configChart("inplace")).isEqualTo("beta");
  }

  @Test
  void aRenamedChartIsReinstalledByDefault() {
    f.release("reinstall", "alpha", "1.0.0", "");
    f.awaitReady("reinstall");
    String uid = configUid("reinstall");

    f.release("reinstall", "beta", "1.0.0", "");
    f.awaitCondition(
        "reinstall",
        "Ready",
        "True InstallSucceeded: Helm install succeeded for"
            + " release default/reinstall.v1 with chart beta@1.0.0");
    assertThat(f.history("reinstall")).containsExactly("1 deployed");
    assertThat(configUid("reinstall")).as("uninstalled, then installed anew").isNotEqualTo(uid);
    assertThat(configChart("reinstall")).isEqualTo("beta");
  }

  /**
   * As Helm 3.21's own install against a server that publishes OpenAPI (kube's HelmOpenApiIT): the
   * manifest is not refused for a field its schema lacks; the server drops it (fieldValidation
   * Warn), with or without {@code disableOpenAPIValidation}.
   */
  @Test
  void aFieldTheSchemaDoesNotDeclareIsDroppedAsHelmLeavesIt() {
    for (String name : List.of("validated", "unvalidated")) {
      String spec = name.equals("validated") ? "" : "install: {disableOpenAPIValidation: true}";
      f.release(name, "loose", "1.0.0", spec);
      f.awaitReady(name);
      ConfigMap cm = f.configMap(name + "-config");
      assertThat(cm.getMetadata().getAdditionalProperties()).doesNotContainKey("colour");
      assertThat(cm.getData()).containsEntry("greeting", "hello");
    }
  }

  @Test
  void aReadyReleaseStaysReadyWhileItIsReconciledAgain() throws Exception {
    f.release("steady", "alpha", "1.0.0", "");
    f.awaitReady("steady");
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    var hr = f.client.resources(HelmRelease.class).inNamespace("default").withName("steady");
    try (var watch =
        hr.watch(
            new io.fabric8.kubernetes.client.Watcher<HelmRelease>() {
              @Override
              public void eventReceived(Action action, HelmRelease r) {
                if (r.getStatus() != null && r.getStatus().conditions() != null) {
                  r.getStatus().conditions().stream()
                      .filter(c -> c.type().equals("Ready"))
                      .forEach(c -> seen.add(HelmFixture.text(c)));
                }
              }

              @Override
              public void onClose(io.fabric8.kubernetes.client.WatcherException e) {}
            })) {
      String requestedAt = f.requestReconcile(HelmRelease.API_VERSION, HelmRelease.KIND, "steady");
      f.awaitHandled(HelmRelease.API_VERSION, HelmRelease.KIND, "steady", requestedAt);
    }
    assertThat(seen).isNotEmpty().allSatisfy(ready -> assertThat(ready).startsWith("True "));
  }

  @Test
  void settingsTheEngineDoesNotImplementAreRefusedByName() {
    f.release(
        "refused",
        "alpha",
        "1.0.0",
        "install: {serverSideApply: false}\nupgrade: {preserveValues: true}");
    f.awaitCondition(
        "refused",
        "Ready",
        "False InitFailed: spec.install.serverSideApply: false (client-side apply) is not"
            + " supported; remove it, releases are applied server-side;"
            + " spec.upgrade.preserveValues: true is not supported");
    f.awaitCondition("refused", "Stalled", "True InitFailed: ");
    assertThat(f.history("refused")).isEmpty();
    assertThat(configUid("refused")).isNull();

    f.release("refused", "alpha", "1.0.0", "");
    f.awaitReady("refused");
  }
}
