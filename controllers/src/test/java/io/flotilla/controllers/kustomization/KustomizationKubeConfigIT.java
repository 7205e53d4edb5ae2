package io.flotilla.controllers.kustomization;

import static io.flotilla.controllers.KustomizationSpecs.awaitReady;
import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.KubeConfigReference;
import io.flotilla.api.flux.meta.SecretKeyReference;
import io.flotilla.controllers.ConfigMaps;
import io.flotilla.controllers.KustomizationSpecs;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.testkit.TestKube;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec.kubeConfig: the controllers run against one embedded API and apply to a second one (with
 * RBAC), reading its kubeconfig from a Secret.
 */
class KustomizationKubeConfigIT {

  @RegisterExtension
  static final RunningControllers cluster = RunningControllers.withQuickRetries();

  @TempDir static Path tmp;
  @AutoClose static TestKube remote;

  @BeforeAll
  static void start() throws Exception {
    remote = TestKube.startWithRbac();
    remote.api().writeKubeconfig(tmp.resolve("remote.kubeconfig"));
    String kubeconfig = Files.readString(tmp.resolve("remote.kubeconfig"));
    cluster.secret(
        "default", "remote-kubeconfig", Map.of("value.yaml", kubeconfig, "other", kubeconfig));
    cluster.gitSource(
        Map.of(
            "remote/cm.yaml", ConfigMaps.yaml("remote-cm"),
            "other/cm.yaml", ConfigMaps.yaml("other-cm"),
            "tenant/cm.yaml", ConfigMaps.yaml("tenant-cm")),
        "10m");
  }

  private static KubeConfigReference secret(String key) {
    return new KubeConfigReference(new SecretKeyReference("remote-kubeconfig", key), null);
  }

  @Test
  void objectsGoToTheRemoteClusterAndAreGarbageCollectedThere() {
    KustomizationSpecs.of("GitRepository", "repo", "./remote")
        .withWait(true)
        .withKubeConfig(secret(null))
        .create(cluster.client(), "remote");
    awaitReady(
        cluster.client(),
        "remote",
        c -> {
          assertThat(c.status()).isEqualTo("True");
          assertThat(configMap(remote.client(), "remote-cm")).isNotNull();
        });
    assertThat(configMap(cluster.client(), "remote-cm")).isNull();
    KustomizationSpecs.awaitStatus(
        cluster.client(),
        "remote",
        s ->
            assertThat(s.inventory().entries())
                .as(String.valueOf(s))
                .anySatisfy(e -> assertThat(e.id()).isEqualTo("default_remote-cm__ConfigMap")));

    KustomizationSpecs.resource(cluster.client(), "remote").delete();
    await().atMost(CONVERGE).until(() -> configMap(remote.client(), "remote-cm") == null);
  }

  @Test
  void aMissingKeyIsReportedAndRetried() {
    KustomizationSpecs.of("GitRepository", "repo", "./other")
        .withKubeConfig(secret("kubeconfig"))
        .create(cluster.client(), "missing-key");
    awaitReady(
        cluster.client(),
        "missing-key",
        c -> {
          assertThat(c.status()).isEqualTo("False");
          assertThat(c.reason()).isEqualTo("ReconciliationFailed");
          assertThat(c.message())
              .isEqualTo(
                  "KubeConfig secret 'default/remote-kubeconfig' does not contain a"
                      + " 'kubeconfig' key with a kubeconfig");
        });
    KustomizationSpecs.of("GitRepository", "repo", "./other")
        .withKubeConfig(secret("other"))
        .replace(cluster.client(), "missing-key");
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(configMap(remote.client(), "other-cm")).isNotNull());
  }

  @Test
  void theServiceAccountIsImpersonatedOnTheRemoteCluster() {
    KustomizationSpecs.of("GitRepository", "repo", "./tenant")
        .withKubeConfig(secret(null))
        .withServiceAccountName("deployer")
        .create(cluster.client(), "tenant");
    awaitReady(
        cluster.client(),
        "tenant",
        c -> {
          assertThat(c.status()).isEqualTo("False");
          assertThat(c.message()).contains("system:serviceaccount:default:deployer");
        });
    assertThat(configMap(remote.client(), "tenant-cm")).isNull();
  }

  /** ConfigMap {@code default/name} on the cluster of {@code client}, null when there is none. */
  private static ConfigMap configMap(KubernetesClient client, String name) {
    return client.configMaps().inNamespace("default").withName(name).get();
  }
}
