package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.FluxCrds;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting the {@code microsoft.flux} extension under `flotilla up`, through the CLI, as Azure does
 * it: the configurations are deleted first (their objects pruned), then what the extension brought
 * leaves the cluster; creating a configuration again installs it again and the running controllers
 * pick the returning CRDs up.
 */
class FluxExtensionDeleteE2E {
  private static final Duration CONVERGE = Duration.ofSeconds(120);
  @TempDir Path dir;
  TutorialCluster cluster;

  @BeforeEach
  void up() throws Exception {
    cluster = TutorialCluster.start(dir);
  }

  @AfterEach
  void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private JsonNode ok(String[] args) {
    CliRun.Result r = cluster.cli().run(args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r.json();
  }

  private void createAndAwaitCompliant() {
    ok(
        TutorialCluster.create(
            cluster.flotilla().sampleUrl(), "./infrastructure", "./apps/staging"));
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        ok(TutorialCluster.flux("show", "-n", "cluster-config"))
                            .at("/complianceState")
                            .asText())
                    .isEqualTo("Compliant"));
    assertThat(kube().configMaps().inNamespace("podinfo").withName("cluster-settings").get())
        .isNotNull();
  }

  private KubernetesClient kube() {
    return cluster.flotilla().client();
  }

  private boolean crd(String name) {
    return kube().apiextensions().v1().customResourceDefinitions().withName(name).get() != null;
  }

  @Test
  void deletingTheExtensionDeletesItsConfigurationsThenWhatItInstalled() {
    createAndAwaitCompliant();

    CliRun.Result deleted =
        cluster.cli().run(TutorialCluster.extension("delete", "-n", "flux", "--yes"));
    assertThat(deleted.code()).as(deleted.toString()).isZero();
    assertThat(deleted.err())
        .contains(
            "Deleting the 'microsoft.flux' extension also deletes the flux configurations on"
                + " cluster 'flux-demo-arc' (cluster-config)");

    assertThat(cluster.cli().run(TutorialCluster.extension("show", "-n", "flux")).code())
        .isEqualTo(3);
    assertThat(cluster.cli().run(TutorialCluster.flux("show", "-n", "cluster-config")).code())
        .isEqualTo(3);
    // pruned with its configuration, as its kustomizations said
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                kube().configMaps().inNamespace("podinfo").withName("cluster-settings").get()
                    == null);
    assertThat(FluxCrds.NAMES.stream().filter(this::crd))
        .containsExactly("fluxconfigs.clusterconfig.azure.com");
    await().atMost(CONVERGE).until(() -> kube().namespaces().withName("flux-system").get() == null);

    // Azure's way back: creating a configuration installs the extension again.
    createAndAwaitCompliant();
    assertThat(FluxCrds.NAMES).allMatch(this::crd);
    assertThat(
            ok(TutorialCluster.extension("show", "-n", "flux")).at("/provisioningState").asText())
        .isEqualTo("Succeeded");
  }
}
