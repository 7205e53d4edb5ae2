package io.flotilla.controllers.kustomization;

import static io.flotilla.controllers.KustomizationSpecs.awaitReady;
import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.api.flux.kustomize.Kustomization;
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
        "default",
        "repo",
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
          assertThat(
                  remote.client().configMaps().inNamespace("default").withName("remote-cm").get())
              .isNotNull();
        });
    assertThat(cluster.client().configMaps().inNamespace("default").withName("remote-cm").get())
        .isNull();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        KustomizationSpecs.get(cluster.client(), "remote")
                            .getStatus()
                            .inventory()
                            .entries())
                    .as(
                        String.valueOf(
                            KustomizationSpecs.get(cluster.client(), "remote").getStatus()))
                    .anySatisfy(e -> assertThat(e.id()).isEqualTo("default_remote-cm__ConfigMap")));

    cluster
        .client()
        .resources(Kustomization.class)
        .inNamespace("default")
        .withName("remote")
        .delete();
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                remote.client().configMaps().inNamespace("default").withName("remote-cm").get()
                    == null);
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
        .untilAsserted(
            () ->
                assertThat(
                        remote
                            .client()
                            .configMaps()
                            .inNamespace("default")
                            .withName("other-cm")
                            .get())
                    .isNotNull());
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
    assertThat(remote.client().configMaps().inNamespace("default").withName("tenant-cm").get())
        .isNull();
  }
}
