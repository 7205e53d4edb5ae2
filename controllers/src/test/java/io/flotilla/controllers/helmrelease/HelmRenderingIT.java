package io.flotilla.controllers.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/**
 * What reaches the released objects besides the chart: {@code postRenderers} (kustomize patches and
 * images) and {@code commonMetadata}; {@code valuesFrom} a ConfigMap key at a {@code targetPath}, a
 * Secret's values file, an {@code optional} object that does not exist; and a change of a ConfigMap
 * labelled {@code reconcile.fluxcd.io/watch: Enabled} upgrading the release at once.
 */
class HelmRenderingIT extends WithHelmControllers {
  private static final String STYLED =
      """
        commonMetadata:
          labels: {team: %s}
          annotations: {owner: ops}
        postRenderers:
          - kustomize:
              patches:
                - target: {kind: Deployment, name: styled-podinfo}
                  patch: |
                    - op: add
                      path: /metadata/annotations/post-rendered
                      value: "yes"
                - patch: |
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: styled-podinfo}
                    spec: {replicas: 2}
              images:
                - name: ghcr.io/stefanprodan/podinfo
                  newName: registry.local/podinfo
                  newTag: "9.9.9"
        """;

  private static String uiMessage(String release) {
    return f.configMap(release + "-podinfo").getData().get("PODINFO_UI_MESSAGE");
  }

  @Test
  void postRenderersAndCommonMetadataReachTheReleasedObjects() {
    f.release("styled", "podinfo", "6.0.3", STYLED.formatted("platform"));
    f.awaitReady("styled");
    Deployment d = f.deployment("styled-podinfo");
    assertThat(d.getMetadata().getLabels()).containsEntry("team", "platform");
    assertThat(d.getMetadata().getAnnotations())
        .containsEntry("owner", "ops")
        .containsEntry("post-rendered", "yes");
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.local/podinfo:9.9.9");
    assertThat(f.configMap("styled-podinfo").getMetadata().getLabels())
        .containsEntry("team", "platform");
    assertThat(f.hr("styled").getStatus().observedPostRenderersDigest()).startsWith("sha256:");
    assertThat(f.history("styled")).containsExactly("1 deployed"); // not upgraded again and again

    f.release("styled", "podinfo", "6.0.3", STYLED.formatted("apps"));
    f.awaitReady("styled");
    assertThat(f.history("styled")).containsExactly("2 deployed", "1 superseded");
    assertThat(f.deployment("styled-podinfo").getMetadata().getLabels())
        .containsEntry("team", "apps");
  }

  private static void watchedConfigMap(String message) {
    f.apply(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ui
          namespace: default
          labels: {reconcile.fluxcd.io/watch: Enabled}
        data: {message: %s}
        """
            .formatted(message));
  }

  @Test
  void valuesFromConfigMapsAndSecretsAndAWatchedChangeUpgrades() {
    watchedConfigMap("from the configmap");
    f.apply(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: cache, namespace: default}
        stringData:
          values.yaml: |
            cache: redis-master.redis:6379
        """);
    f.release(
        "fed",
        "podinfo",
        "6.0.3",
        """
        valuesFrom:
          - {kind: ConfigMap, name: ui, valuesKey: message, targetPath: ui.message}
          - {kind: Secret, name: cache}
          - {kind: ConfigMap, name: absent, optional: true}
        """);
    f.awaitReady("fed");
    assertThat(uiMessage("fed")).isEqualTo("from the configmap");
    assertThat(f.configMap("fed-podinfo").getData().get("PODINFO_CACHE_SERVER"))
        .isEqualTo("redis-master.redis:6379");

    watchedConfigMap("changed");
    await()
        .atMost(HelmFixture.CONVERGE)
        .untilAsserted(
            () -> assertThat(f.history("fed")).as(() -> f.dump("fed")).startsWith("2 deployed"));
    assertThat(uiMessage("fed")).isEqualTo("changed");
    f.awaitCondition("fed", "Ready", "True UpgradeSucceeded: ");
  }
}
